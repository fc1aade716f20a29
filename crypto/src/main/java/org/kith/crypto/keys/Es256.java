package org.kith.crypto.keys;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JWSSigner;
import com.nimbusds.jose.crypto.ECDSAVerifier;
import com.nimbusds.jose.crypto.factories.DefaultJWSVerifierFactory;
import com.nimbusds.jose.jwk.ECKey;
import com.nimbusds.jose.proc.JWSVerifierFactory;
import java.security.Provider;
import java.security.interfaces.ECPublicKey;
import org.bouncycastle.jce.provider.BouncyCastleProvider;

/**
 * The one place that makes ES256 (ECDSA on P-256 with SHA-256) signers and verifiers for Kith's JOSE objects, all
 * on BouncyCastle: verifiers on its JCA provider, which on Java 17 verifies about four times as fast as the JDK's
 * SunEC (bench/BENCHMARKS.md, "ES256 providers"); signers on its ECDSA directly ({@link Es256Signer}), which keeps
 * the generator's precomputed table between signatures. The provider is used, not registered: nothing else in the
 * JVM changes. Nimbus checks a signature's encoding and range before any provider sees it.
 */
public final class Es256 {
  private static final Provider PROVIDER = new BouncyCastleProvider();

  private Es256() {}

  /** A signer with {@code key}'s private part ({@link Es256Signer}: BouncyCastle, RFC 6979 nonces). */
  public static JWSSigner signer(ECKey key) throws JOSEException {
    return new Es256Signer(key);
  }

  /** A verifier with {@code key}'s public part. */
  public static ECDSAVerifier verifier(ECKey key) throws JOSEException {
    return verifier(key.toECPublicKey());
  }

  /** A verifier with {@code key}. */
  public static ECDSAVerifier verifier(ECPublicKey key) throws JOSEException {
    ECDSAVerifier verifier = new ECDSAVerifier(key);
    verifier.getJCAContext().setProvider(PROVIDER);
    return verifier;
  }

  /** The verifier factory for a JWT processor, so the tokens it checks are verified on the same provider. */
  public static JWSVerifierFactory verifierFactory() {
    DefaultJWSVerifierFactory factory = new DefaultJWSVerifierFactory();
    factory.getJCAContext().setProvider(PROVIDER);
    return factory;
  }
}
