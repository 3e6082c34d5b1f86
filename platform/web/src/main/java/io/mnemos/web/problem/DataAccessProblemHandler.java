package io.mnemos.web.problem;

import jakarta.servlet.http.HttpServletRequest;
import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;
import org.springframework.dao.OptimisticLockingFailureException;
import org.springframework.http.HttpStatus;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.RestControllerAdvice;

/**
 * Maps data-access exceptions that are the client's to resolve: a lost optimistic-locking race becomes 409 {@code
 * concurrent-modification}. Active only when spring-tx is on the classpath; consulted before {@link
 * MnemosProblemHandler}.
 */
@RestControllerAdvice
@Order(Ordered.LOWEST_PRECEDENCE - 1)
public class DataAccessProblemHandler {

    /** Someone else changed the resource between the caller's read and write. */
    @ExceptionHandler(OptimisticLockingFailureException.class)
    public ResponseEntity<ProblemDetail> handleOptimisticLocking(
            OptimisticLockingFailureException ex, HttpServletRequest request) {
        ProblemDetail problem = ProblemDetail.forStatusAndDetail(
                HttpStatus.CONFLICT,
                "The resource was changed by another request after you read it. Read it again, re-apply your change"
                        + " and retry.");
        problem.setType(ProblemException.type("concurrent-modification"));
        problem.setTitle("Concurrent modification");
        return ProblemResponses.entity(problem, null, request);
    }
}
