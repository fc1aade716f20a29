package org.kith.blobs;

import java.net.URI;
import java.time.Duration;
import org.jspecify.annotations.Nullable;
import software.amazon.awssdk.auth.credentials.DefaultCredentialsProvider;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.CopyObjectRequest;
import software.amazon.awssdk.services.s3.model.PutObjectRequest;
import software.amazon.awssdk.services.s3.model.ServerSideEncryption;

/**
 * Where and how documents are kept in an S3-compatible store ({@code kith.blobs.s3.*}).
 *
 * @param endpoint the store's URL; unset = AWS S3 for the region
 * @param region the signing region
 * @param bucket the bucket (it must exist)
 * @param prefix put before every object's name, for example {@code kith/blobs/}
 * @param pathStyle {@code http://host/bucket/key} instead of {@code http://bucket.host/key} (most self-hosted
 *     stores need it)
 * @param serverSideEncryption {@code AES256} or {@code aws:kms}; unset = the bucket's default
 * @param kmsKeyId the KMS key with {@code aws:kms}; unset = the account's default key
 * @param timeout the longest any one call may take, retries included
 */
public record S3Settings(
    @Nullable URI endpoint,
    String region,
    String bucket,
    String prefix,
    boolean pathStyle,
    @Nullable String serverSideEncryption,
    @Nullable String kmsKeyId,
    Duration timeout) {

  public S3Settings {
    if (bucket.isBlank()) {
      throw new IllegalArgumentException("kith.blobs.s3.bucket is empty");
    }
    if (serverSideEncryption != null
        && ServerSideEncryption.fromValue(serverSideEncryption)
            == ServerSideEncryption.UNKNOWN_TO_SDK_VERSION) {
      throw new IllegalArgumentException(
          "kith.blobs.s3.server-side-encryption must be AES256 or aws:kms, not "
              + serverSideEncryption);
    }
  }

  /** A client for these settings; credentials come from the AWS SDK's default chain. */
  public S3Client client() {
    var builder = S3Client.builder()
        .region(Region.of(region))
        .credentialsProvider(DefaultCredentialsProvider.builder().build())
        .httpClientBuilder(
            UrlConnectionHttpClient.builder().connectionTimeout(timeout).socketTimeout(timeout))
        .overrideConfiguration(o -> o.apiCallTimeout(timeout))
        .forcePathStyle(pathStyle);
    if (endpoint != null) {
      builder.endpointOverride(endpoint);
    }
    return builder.build();
  }

  String key(String sha) {
    return prefix + Sha256.require(sha).substring(0, 2) + "/" + sha;
  }

  /** The blob named by an object key under the prefix; null for anything else. */
  @Nullable
  String sha(String key) {
    if (!key.startsWith(prefix)) {
      return null;
    }
    String name = key.substring(key.lastIndexOf('/') + 1);
    return Sha256.isName(name) && key.equals(key(name)) ? name : null;
  }

  void encrypt(PutObjectRequest.Builder put) {
    if (serverSideEncryption != null) {
      put.serverSideEncryption(serverSideEncryption).ssekmsKeyId(kmsKeyId);
    }
  }

  void encrypt(CopyObjectRequest.Builder copy) {
    if (serverSideEncryption != null) {
      copy.serverSideEncryption(serverSideEncryption).ssekmsKeyId(kmsKeyId);
    }
  }
}
