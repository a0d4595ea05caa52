package io.swfd.auth;

/**
 * One access key swfd accepts (YAML {@code auth.credentials[]}).
 *
 * @param accessKeyId the key id clients sign with
 * @param secretAccessKey its secret
 * @param sessionToken when set, requests must carry it in {@code X-Amz-Security-Token} (temporary
 *     credentials)
 * @param account the key's 12-digit account (null: the server's account); names the caller ({@code
 *     arn:aws:iam::<account>:user/<accessKeyId>}) and its throttling buckets
 * @param policy what the key may do; null means everything
 */
public record Credential(
    String accessKeyId,
    String secretAccessKey,
    String sessionToken,
    String account,
    Policy policy) {
  public Credential {
    if (accessKeyId == null || accessKeyId.isBlank())
      throw new IllegalArgumentException("accessKeyId must not be empty");
    if (secretAccessKey == null || secretAccessKey.isEmpty()) {
      throw new IllegalArgumentException(
          "secretAccessKey of " + accessKeyId + " must not be empty");
    }
  }

  public Credential(String accessKeyId, String secretAccessKey) {
    this(accessKeyId, secretAccessKey, null, null, null);
  }

  @Override
  public String toString() { // never print the secret
    return "Credential["
        + accessKeyId
        + (account == null ? "" : ", account " + account)
        + (policy == null ? ", no policy" : ", with policy")
        + "]";
  }
}
