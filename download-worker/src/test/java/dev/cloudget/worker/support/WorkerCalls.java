package dev.cloudget.worker.support;

import dev.cloudget.contracts.JobId;
import dev.cloudget.contracts.LeaseEpoch;
import dev.cloudget.contracts.source.HttpSource;
import dev.cloudget.contracts.worker.AssignJob;
import dev.cloudget.infra.S3Server;
import dev.cloudget.testsupport.TestSecrets;
import io.minio.ListObjectsArgs;
import io.minio.MinioClient;
import org.springframework.http.HttpStatusCode;
import org.springframework.http.MediaType;
import org.springframework.web.client.RestClient;

import java.net.URI;
import java.util.ArrayList;
import java.util.List;

/** What a worker test does from outside: assign a job as task-distribution would, look into the object store. */
public final class WorkerCalls {

    private WorkerCalls() {
    }

    /** {@code POST /internal/jobs} of a link under the job's first lease, with task-distribution's service token. */
    public static HttpStatusCode assign(RestClient.Builder http, int port, JobId job, String url) {
        HttpSource source = new HttpSource(URI.create(url));
        return http.baseUrl("http://127.0.0.1:" + port).build()
                .post().uri("/internal/jobs")
                .header(TestSecrets.SERVICE_TOKEN_HEADER, TestSecrets.tokenFrom("task-distribution-service",
                        "download-worker"))
                .contentType(MediaType.APPLICATION_JSON)
                .body(new AssignJob(job, source.key(), source, LeaseEpoch.FIRST, null))
                .exchange((request, response) -> response.getStatusCode());
    }

    /** The keys of the objects under {@code prefix}. */
    public static List<String> objectsUnder(S3Server s3, String bucket, String prefix) throws Exception {
        MinioClient client = MinioClient.builder().endpoint(s3.endpoint().toString())
                .credentials(s3.accessKey(), s3.secretKey()).region("us-east-1").build();
        List<String> keys = new ArrayList<>();
        for (var item : client.listObjects(ListObjectsArgs.builder().bucket(bucket).prefix(prefix).recursive(true)
                .build())) {
            keys.add(item.get().objectName());
        }
        return keys;
    }
}
