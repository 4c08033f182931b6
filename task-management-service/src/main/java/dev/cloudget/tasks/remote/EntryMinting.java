package dev.cloudget.tasks.remote;

import dev.cloudget.contracts.storage.CreateFileEntries;
import dev.cloudget.contracts.storage.CreateFileEntry;
import dev.cloudget.contracts.storage.FileEntriesMinted;
import dev.cloudget.tasks.TasksProperties;
import jakarta.annotation.PreDestroy;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * Mints entry addresses in batches: every caller's requests go into one queue, and each of {@value #SENDERS} senders
 * takes whatever is waiting (up to {@link CreateFileEntries#MAX_ENTRIES}) to storage-service in one call. Alone, a
 * request goes out at once, as it would by itself; under load the requests that arrive while a call is out go
 * together in the next one, so that many submits of stored content cost storage one request and one transaction
 * instead of one each. Each request still gets its own answer.
 */
@Component
public class EntryMinting {

    private static final Logger log = LoggerFactory.getLogger(EntryMinting.class);
    static final int SENDERS = 2;

    private final StorageFiles storage;
    private final Duration patience;
    private final BlockingQueue<Pending> queue = new LinkedBlockingQueue<>();
    private final ExecutorService senders = Executors.newVirtualThreadPerTaskExecutor();

    EntryMinting(StorageFiles storage, TasksProperties properties) {
        this.storage = storage;
        // a sender waits at most the remote timeout for storage's answer; the rest is time in the queue
        this.patience = properties.remoteTimeout().multipliedBy(3);
        for (int i = 0; i < SENDERS; i++) {
            senders.execute(this::send);
        }
    }

    /**
     * Storage's answer to each request, in their order (see {@link StorageFiles#entryOf} for what each means).
     *
     * @throws dev.cloudget.platform.web.ProblemException 503 when storage cannot be reached or is down
     * @throws StorageRefusedException when storage refuses the whole call
     */
    public List<FileEntriesMinted.Result> mint(List<CreateFileEntry> requests) {
        List<Pending> pending = requests.stream().map(Pending::new).toList();
        queue.addAll(pending);
        List<FileEntriesMinted.Result> results = new ArrayList<>(pending.size());
        for (Pending request : pending) {
            results.add(request.await(patience));
        }
        return results;
    }

    private void send() {
        List<Pending> batch = new ArrayList<>(CreateFileEntries.MAX_ENTRIES);
        while (!Thread.currentThread().isInterrupted()) {
            try {
                batch.add(queue.take());
            } catch (InterruptedException stopping) {
                return;
            }
            queue.drainTo(batch, CreateFileEntries.MAX_ENTRIES - 1);
            try {
                List<FileEntriesMinted.Result> results = storage.createAll(
                        batch.stream().map(Pending::request).toList());
                for (int i = 0; i < batch.size(); i++) {
                    batch.get(i).answer.complete(results.get(i));
                }
            } catch (RuntimeException e) {
                batch.forEach(request -> request.answer.completeExceptionally(e));
            } catch (Error e) {
                batch.forEach(request -> request.answer.completeExceptionally(e));
                log.error("Entry minting sender failed", e);
                throw e;
            }
            batch.clear();
        }
    }

    @PreDestroy
    void stop() {
        senders.shutdownNow();
        List<Pending> left = new ArrayList<>();
        queue.drainTo(left);
        left.forEach(request -> request.answer.completeExceptionally(
                RemoteCalls.unavailable("storage-service", new IllegalStateException("shutting down"))));
    }

    private record Pending(CreateFileEntry request, CompletableFuture<FileEntriesMinted.Result> answer) {

        Pending(CreateFileEntry request) {
            this(request, new CompletableFuture<>());
        }

        FileEntriesMinted.Result await(Duration patience) {
            try {
                return answer.get(patience.toMillis(), TimeUnit.MILLISECONDS);
            } catch (ExecutionException e) {
                if (e.getCause() instanceof RuntimeException failure) {
                    throw failure;
                }
                throw new IllegalStateException(e.getCause());
            } catch (TimeoutException e) {
                throw RemoteCalls.unavailable("storage-service", e);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw RemoteCalls.unavailable("storage-service", e);
            }
        }
    }
}
