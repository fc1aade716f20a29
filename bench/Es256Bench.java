import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.crypto.ECDSASigner;
import com.nimbusds.jose.crypto.ECDSAVerifier;
import com.nimbusds.jose.jwk.Curve;
import com.nimbusds.jose.jwk.ECKey;
import com.nimbusds.jose.jwk.gen.ECKeyGenerator;
import com.nimbusds.jose.util.Base64URL;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.nio.charset.StandardCharsets;
import java.security.Provider;
import java.util.Locale;

/**
 * ES256 sign and verify with nimbus-jose-jwt on the JDK's SunEC, on BouncyCastle's JCA provider, and as Kith does it
 * (org.kith.crypto.keys.Es256: BouncyCastle's ECDSA directly for signing, its JCA provider for verifying): CPU time
 * of this thread per operation, after a warm-up, the three in alternating rounds. Usage (bench/es256.sh): java -cp <Kith's libraries> bench/Es256Bench.java [operations] [rounds]
 */
public final class Es256Bench {
  public static void main(String[] args) throws Exception {
    int n = args.length > 0 ? Integer.parseInt(args[0]) : 20_000;
    int rounds = args.length > 1 ? Integer.parseInt(args[1]) : 3;
    ECKey key = new ECKeyGenerator(Curve.P_256).generate();
    Provider bc = new org.bouncycastle.jce.provider.BouncyCastleProvider();
    JWSHeader header = new JWSHeader(JWSAlgorithm.ES256);
    byte[] input = "eyJhbGciOiJFUzI1NiJ9.eyJzdWIiOiJiZW5jaCJ9".getBytes(StandardCharsets.US_ASCII);
    ThreadMXBean cpu = ManagementFactory.getThreadMXBean();
    System.out.println("| round | provider | sign ms CPU | verify ms CPU |");
    System.out.println("|---|---|---|---|");
    for (int round = 1; round <= rounds; round++) {
      for (String provider : new String[] {"SunEC", "BouncyCastle", "Kith (Es256)"}) {
        com.nimbusds.jose.JWSSigner signer;
        ECDSAVerifier verifier;
        if (provider.startsWith("Kith")) {
          signer = org.kith.crypto.keys.Es256.signer(key);
          verifier = org.kith.crypto.keys.Es256.verifier(key);
        } else {
          ECDSASigner jca = new ECDSASigner(key);
          verifier = new ECDSAVerifier(key.toPublicJWK());
          if (provider.equals("BouncyCastle")) {
            jca.getJCAContext().setProvider(bc);
            verifier.getJCAContext().setProvider(bc);
          }
          signer = jca;
        }
        Base64URL signature = null;
        for (int i = 0; i < n / 4; i++) {
          signature = signer.sign(header, input);
          verifier.verify(header, input, signature);
        }
        long start = cpu.getCurrentThreadCpuTime();
        for (int i = 0; i < n; i++) {
          signature = signer.sign(header, input);
        }
        long signed = cpu.getCurrentThreadCpuTime();
        for (int i = 0; i < n; i++) {
          if (!verifier.verify(header, input, signature)) {
            throw new IllegalStateException("a signature did not verify");
          }
        }
        long verified = cpu.getCurrentThreadCpuTime();
        System.out.printf(Locale.ROOT, "| %d | %s | %.3f | %.3f |%n", round, provider,
            (signed - start) / 1e6 / n, (verified - signed) / 1e6 / n);
      }
    }
  }
}
