package io.swfd.registry;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import org.assertj.core.api.ThrowableAssert.ThrowingCallable;
import software.amazon.awssdk.awscore.exception.AwsServiceException;
import software.amazon.awssdk.services.swf.model.SwfException;

/** Assertions on the faults an SDK v2 client surfaces. */
final class Faults {
  private Faults() {}

  /**
   * Runs the call, asserts it failed with exactly this SDK exception type, HTTP 400 and this error
   * code (the part after '#' in {@code __type}), and returns the exception for further checks.
   */
  static <T extends SwfException> T fault(Class<T> type, String code, ThrowingCallable call) {
    Throwable t = catchThrowable(call);
    assertThat(t).as("expected %s", code).isExactlyInstanceOf(type);
    T e = type.cast(t);
    assertThat(e.statusCode()).isEqualTo(400);
    assertThat(e.awsErrorDetails().errorCode()).isEqualTo(code);
    return e;
  }

  /** A fault the SWF model does not declare (ValidationException, ...): a plain SwfException. */
  static SwfException generic(String code, ThrowingCallable call) {
    return fault(SwfException.class, code, call);
  }

  static SwfException validation(ThrowingCallable call) {
    return generic("ValidationException", call);
  }

  /** The service's message, without the SDK's "(Service: ..., Status Code: ...)" suffix. */
  static String message(AwsServiceException e) {
    return e.awsErrorDetails().errorMessage();
  }
}
