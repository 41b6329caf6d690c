package org.safeguarding.gateway.console;

import jakarta.servlet.http.HttpServletResponse;
import java.util.List;
import org.safeguarding.gateway.core.errors.FailureStatus;
import org.safeguarding.gateway.security.AccessDenied;
import org.safeguarding.gateway.security.CodedException;
import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.ControllerAdvice;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.ModelAttribute;

/**
 * The console's one place for what every page shows around its content (who is signed in, their tasks) and for a
 * refusal or a bad request shown as a page, where the API answers problem+json. Refusals were recorded by the
 * AccessControl that refused them; a refused page says the same whether or not what was asked for exists.
 */
@ControllerAdvice(basePackageClasses = ConsolePageErrors.class)
@Order(Ordered.HIGHEST_PRECEDENCE)
class ConsolePageErrors {

    @ModelAttribute
    void signedIn(@AuthenticationPrincipal ConsoleUser user, Model model) {
        if (user != null) {
            model.addAttribute("me", user.caller());
            model.addAttribute("tasks", HomePages.tasksOf(user.caller()));
        }
    }

    @ExceptionHandler(AccessDenied.class)
    String refused(HttpServletResponse response) {
        response.setStatus(HttpServletResponse.SC_FORBIDDEN);
        return "refused";
    }

    /**
     * What is not there is refused as what is not the person's is (the core records both as denied): a page that
     * answered 404 for one and 403 for the other would tell anyone what exists elsewhere.
     */
    @ExceptionHandler(CodedException.class)
    String failed(CodedException e, HttpServletResponse response, Model model) {
        if (e.kind() == CodedException.Kind.NOT_FOUND) {
            return refused(response);
        }
        int status = FailureStatus.of(e.kind());
        response.setStatus(status);
        List<String> problems = e.violations().isEmpty() ? List.of(e.getMessage())
                : e.violations().stream().map(v -> v.field() + " " + v.message()).toList();
        model.addAttribute("status", status);
        model.addAttribute("problems", problems);
        return "problem";
    }
}
