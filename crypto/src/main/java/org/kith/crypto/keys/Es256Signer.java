package org.kith.crypto.keys;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.JWSSigner;
import com.nimbusds.jose.jca.JCAContext;
import com.nimbusds.jose.jwk.Curve;
import com.nimbusds.jose.jwk.ECKey;
import com.nimbusds.jose.util.Base64URL;
import java.math.BigInteger;
import java.util.Set;
import org.bouncycastle.asn1.x9.X9ECParameters;
import org.bouncycastle.crypto.digests.SHA256Digest;
import org.bouncycastle.crypto.ec.CustomNamedCurves;
import org.bouncycastle.crypto.params.ECDomainParameters;
import org.bouncycastle.crypto.params.ECPrivateKeyParameters;
import org.bouncycastle.crypto.signers.ECDSASigner;
import org.bouncycastle.crypto.signers.HMacDSAKCalculator;
import org.bouncycastle.util.BigIntegers;

/**
 * An ES256 {@link JWSSigner} on BouncyCastle's ECDSA with deterministic nonces (RFC 6979), on P-256 domain
 * parameters made once: BouncyCastle keeps its precomputed multiples of the generator on the generator point, so
 * every signature reuses them, where a JCA signature converts the key and its curve (and recomputes that table) on
 * every call. The signature is JOSE's fixed 64 bytes, R then S (RFC 7518 §3.4). Thread-safe: each call has its own
 * BouncyCastle signer.
 */
final class Es256Signer implements JWSSigner {
  private static final X9ECParameters P256 = CustomNamedCurves.getByName("secp256r1");
  private static final ECDomainParameters DOMAIN =
      new ECDomainParameters(P256.getCurve(), P256.getG(), P256.getN(), P256.getH());
  private static final int FIELD_BYTES = 32;

  private final ECPrivateKeyParameters key;
  private final JCAContext jca = new JCAContext();

  Es256Signer(ECKey jwk) throws JOSEException {
    if (!Curve.P_256.equals(jwk.getCurve()) || jwk.getD() == null) {
      throw new JOSEException("ES256 needs a private P-256 key");
    }
    this.key = new ECPrivateKeyParameters(jwk.getD().decodeToBigInteger(), DOMAIN);
  }

  @Override
  public Base64URL sign(JWSHeader header, byte[] signingInput) throws JOSEException {
    if (!JWSAlgorithm.ES256.equals(header.getAlgorithm())) {
      throw new JOSEException("this signer makes ES256 signatures only");
    }
    SHA256Digest sha = new SHA256Digest();
    byte[] digest = new byte[sha.getDigestSize()];
    sha.update(signingInput, 0, signingInput.length);
    sha.doFinal(digest, 0);
    ECDSASigner ecdsa = new ECDSASigner(new HMacDSAKCalculator(new SHA256Digest()));
    ecdsa.init(true, key);
    BigInteger[] rs = ecdsa.generateSignature(digest);
    byte[] out = new byte[2 * FIELD_BYTES];
    BigIntegers.asUnsignedByteArray(rs[0], out, 0, FIELD_BYTES);
    BigIntegers.asUnsignedByteArray(rs[1], out, FIELD_BYTES, FIELD_BYTES);
    return Base64URL.encode(out);
  }

  @Override
  public Set<JWSAlgorithm> supportedJWSAlgorithms() {
    return Set.of(JWSAlgorithm.ES256);
  }

  @Override
  public JCAContext getJCAContext() {
    return jca;
  }
}
