package dev.cloudget.infra;

import com.icegreen.greenmail.util.GreenMail;
import com.icegreen.greenmail.util.ServerSetup;

/** A real SMTP server (and IMAP, to read what arrived) on loopback: GreenMail. */
public final class MailServer implements AutoCloseable {

    private final GreenMail greenMail;

    private MailServer(GreenMail greenMail) {
        this.greenMail = greenMail;
    }

    /** Starts SMTP on {@code smtpPort} and IMAP on {@code imapPort}, both on 127.0.0.1 (0 = any free port). */
    public static MailServer start(int smtpPort, int imapPort) {
        GreenMail greenMail = new GreenMail(new ServerSetup[] {
                new ServerSetup(smtpPort, "127.0.0.1", ServerSetup.PROTOCOL_SMTP),
                new ServerSetup(imapPort, "127.0.0.1", ServerSetup.PROTOCOL_IMAP)});
        greenMail.start();
        return new MailServer(greenMail);
    }

    public GreenMail greenMail() {
        return greenMail;
    }

    public int smtpPort() {
        return greenMail.getSmtp().getPort();
    }

    public int imapPort() {
        return greenMail.getImap().getPort();
    }

    @Override
    public void close() {
        greenMail.stop();
    }
}
