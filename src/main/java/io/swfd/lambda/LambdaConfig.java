package io.swfd.lambda;

/**
 * Where ScheduleLambdaFunction decisions are run: any service speaking the AWS Lambda Invoke API
 * ({@code POST /2015-03-31/functions/{name}/invocations}), called with SigV4 and these credentials.
 * Without an endpoint, swfd answers the decision with ScheduleLambdaFunctionFailed
 * (LAMBDA_SERVICE_NOT_AVAILABLE_IN_REGION), as SWF does where Lambda is not available.
 */
public record LambdaConfig(
    String endpoint, String region, String accessKeyId, String secretAccessKey) {
  public static final LambdaConfig NONE = new LambdaConfig(null, "us-east-1", null, null);

  public boolean enabled() {
    return endpoint != null && !endpoint.isBlank();
  }
}
