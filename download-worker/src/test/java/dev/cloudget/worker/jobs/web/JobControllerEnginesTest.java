package dev.cloudget.worker.jobs.web;

import dev.cloudget.contracts.JobId;
import dev.cloudget.contracts.LeaseEpoch;
import dev.cloudget.contracts.source.FileSelection;
import dev.cloudget.contracts.source.HttpSource;
import dev.cloudget.contracts.source.InfoHash;
import dev.cloudget.contracts.source.MagnetSource;
import dev.cloudget.contracts.source.Source;
import dev.cloudget.contracts.web.Problems;
import dev.cloudget.contracts.worker.AssignJob;
import dev.cloudget.platform.web.WebPlatformAutoConfiguration;
import dev.cloudget.worker.WorkerProperties;
import dev.cloudget.worker.jobs.Admission;
import dev.cloudget.worker.jobs.JobRunner;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.autoconfigure.ImportAutoConfiguration;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.webmvc.test.autoconfigure.WebMvcTest;
import org.springframework.http.MediaType;
import org.springframework.test.context.TestPropertySource;
import org.springframework.test.context.bean.override.mockito.MockitoBean;
import org.springframework.test.web.servlet.MockMvc;
import org.springframework.test.web.servlet.ResultActions;
import tools.jackson.databind.json.JsonMapper;

import java.net.URI;
import java.util.List;

import static org.hamcrest.Matchers.containsString;
import static org.mockito.ArgumentMatchers.any;
import static org.mockito.Mockito.never;
import static org.mockito.Mockito.verify;
import static org.mockito.Mockito.when;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.content;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.jsonPath;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

/**
 * The job endpoint of a worker that runs HTTP alone ({@code WORKER_ENGINES=HTTP}): an assignment no engine of its
 * fetches is refused as a full worker refuses one, and never reaches the job runner.
 */
@WebMvcTest
@ImportAutoConfiguration(WebPlatformAutoConfiguration.class)
@EnableConfigurationProperties(WorkerProperties.class)
@TestPropertySource(properties = {"cloudget.worker.engines=HTTP",
        "cloudget.gateway.secret=test-gateway-secret-0123456789"})
class JobControllerEnginesTest {

    @Autowired
    MockMvc mvc;

    @Autowired
    JsonMapper json;

    @MockitoBean
    JobRunner runner;

    @BeforeEach
    void runnerHasRoom() {
        when(runner.accept(any())).thenReturn(Admission.STARTED);
    }

    @Test
    void refusesAMagnetWith409AsAFullWorkerRefusesAJob() throws Exception {
        MagnetSource magnet = new MagnetSource(new InfoHash("0123456789abcdef0123456789abcdef01234567"), "a.iso",
                List.of(), List.of(), FileSelection.ALL);

        send(assignment(magnet))
                .andExpect(status().isConflict())
                .andExpect(content().contentTypeCompatibleWith(MediaType.APPLICATION_PROBLEM_JSON))
                .andExpect(jsonPath("$.type").value(Problems.ENGINE_UNAVAILABLE.toString()))
                .andExpect(jsonPath("$.detail").value(containsString("runs [HTTP]")))
                .andExpect(jsonPath("$.detail").value(containsString("fetched with BITTORRENT")));
        verify(runner, never()).accept(any());
    }

    @Test
    void refusesAnFtpLink() throws Exception {
        send(assignment(new HttpSource(URI.create("ftp://files.example/pub/a.iso"))))
                .andExpect(status().isConflict())
                .andExpect(jsonPath("$.type").value(Problems.ENGINE_UNAVAILABLE.toString()));
        verify(runner, never()).accept(any());
    }

    @Test
    void takesALinkItFetchesEvenWhenAMirrorNeedsAnEngineItLacks() throws Exception {
        AssignJob assignment = assignment(new HttpSource(URI.create("https://origin.example/a.iso"),
                List.of(URI.create("ftp://mirror.example/a.iso"))));

        send(assignment).andExpect(status().isAccepted());
        verify(runner).accept(assignment);
    }

    private static AssignJob assignment(Source source) {
        return new AssignJob(JobId.random(), source.key(), source, LeaseEpoch.FIRST);
    }

    private ResultActions send(AssignJob assignment) throws Exception {
        return mvc.perform(post("/internal/jobs").header(dev.cloudget.testsupport.TestSecrets.SERVICE_TOKEN_HEADER, dev.cloudget.testsupport.TestSecrets.tokenFrom("task-distribution-service", "download-worker")).contentType(MediaType.APPLICATION_JSON)
                .content(json.writeValueAsString(assignment)));
    }
}
