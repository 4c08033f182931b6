package dev.cloudget.deployment;

import java.util.Optional;
import java.util.regex.Pattern;

/** Whether an image reference is pinned: a tag that is not latest, a version for other projects' images. */
final class Images {

    /** At least major.minor (16.4, 3.9.1, v1.21.8), or MinIO's dated releases; a digest pins anything. */
    private static final Pattern VERSION = Pattern.compile("v?\\d+\\.\\d+(\\.\\d+)*([._-][\\w.-]+)?|RELEASE\\.\\d{4}-\\d{2}-\\d{2}T[\\w-]+Z");

    private Images() {
    }

    static Optional<String> problem(String image) {
        if (image.contains("@sha256:")) {
            return Optional.empty();
        }
        int slash = image.lastIndexOf('/');
        int colon = image.lastIndexOf(':');
        if (colon < slash + 1) {
            return Optional.of(image + " has no tag");
        }
        String repository = image.substring(0, colon);
        String tag = image.substring(colon + 1);
        if (tag.equals("latest")) {
            return Optional.of(image + " is tagged latest");
        }
        boolean ours = repository.equals("cloudget") || repository.contains("cloudget/");
        if (!ours && !VERSION.matcher(tag).matches()) {
            return Optional.of(image + ": another project's image needs its full version, not " + tag);
        }
        return Optional.empty();
    }
}
