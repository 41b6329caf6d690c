package org.safeguarding.gateway.console;

import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.io.InputStream;
import java.util.Comparator;
import java.util.List;
import org.safeguarding.gateway.core.register.AuthorityPlans;
import org.safeguarding.gateway.core.register.batch.BatchOutcome;
import org.safeguarding.gateway.core.register.batch.PlanBatch;
import org.safeguarding.gateway.security.Caller;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.multipart.MultipartFile;

/**
 * The daily file of plans, uploaded by hand: the core's batch ({@code POST /api/v1/plans/batch}), decided and recorded
 * alike, and what became of each line. The core lists only refused lines (accepted ones are counted); the page shows
 * at most {@value #SHOWN} of them, the rest counted, so that a file of 100,000 lines still gives a page a person can read.
 */
@Controller
class PlanBatchPages {

    static final int SHOWN = 500;

    private final PlanBatch batch;
    private final AuthorityPlans plans;

    PlanBatchPages(PlanBatch batch, AuthorityPlans plans) {
        this.batch = batch;
        this.plans = plans;
    }

    /** What the page shows of one file: the summary, the refused lines shown (by line), and how many more there are. */
    record Shown(BatchOutcome.FileSummary file, List<BatchOutcome.RecordOutcome> lines, long notShown) {}

    @GetMapping("/plans/batch")
    String form(@AuthenticationPrincipal ConsoleUser user, Model model) {
        plans.requireOwnRegister(user.caller(), null);
        model.addAttribute("header", PlanBatch.HEADER_LINE);
        return "plans-batch";
    }

    @PostMapping("/plans/batch")
    String upload(@AuthenticationPrincipal ConsoleUser user, @RequestParam(required = false) MultipartFile file, Model model,
            HttpServletResponse response) throws IOException {
        Caller caller = user.caller();
        plans.requireOwnRegister(caller, null);
        model.addAttribute("header", PlanBatch.HEADER_LINE);
        if (file == null || file.getOriginalFilename() == null || file.getOriginalFilename().isBlank()) {
            response.setStatus(HttpServletResponse.SC_BAD_REQUEST);
            model.addAttribute("fileError", "Choose the CSV file to upload");
            return "plans-batch";
        }
        BatchOutcome outcome;
        try (InputStream csv = file.getInputStream()) {
            outcome = batch.upload(caller, csv, "console " + file.getOriginalFilename(), null);
        }
        if (outcome.rejectedAsAWhole()) {
            response.setStatus(HttpServletResponse.SC_BAD_REQUEST);
            model.addAttribute("fileError", "The file was not read: " + outcome.file().reason());
            return "plans-batch";
        }
        List<BatchOutcome.RecordOutcome> refused = outcome.records().stream()
                .sorted(Comparator.comparingLong(BatchOutcome.RecordOutcome::line)).limit(SHOWN).toList();
        model.addAttribute("outcome", new Shown(outcome.file(), refused, outcome.records().size() - (long) refused.size()));
        model.addAttribute("fileName", file.getOriginalFilename());
        return "plans-batch";
    }
}
