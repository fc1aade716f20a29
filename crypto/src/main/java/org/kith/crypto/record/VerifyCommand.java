package org.kith.crypto.record;

import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.jwk.source.JWKSource;
import com.nimbusds.jose.jwk.source.JWKSourceBuilder;
import com.nimbusds.jose.proc.SecurityContext;
import java.io.PrintStream;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.Map;
import org.kith.crypto.sdjwt.SdJwtVerifier;

/**
 * A relying party's command line: verifies a Kith record ({@code {"data":…,"signature":…}}) or an SD-JWT
 * presentation offline against a JWK set file, or against a published {@code jwks.json} URL.
 *
 * <pre>
 *   VerifyCommand record  &lt;jwks.json file or URL&gt; &lt;record.json&gt;
 *   VerifyCommand sd-jwt  &lt;jwks.json file or URL&gt; &lt;presentation.txt&gt; [audience nonce]
 * </pre>
 *
 * Exit status 0 when verified, 1 when not, 2 on usage errors.
 */
public final class VerifyCommand {
  private VerifyCommand() {}

  public static void main(String[] args) {
    System.exit(run(args, System.out));
  }

  /** Runs the command; returns the exit status. */
  public static int run(String[] args, PrintStream out) {
    if (args.length < 3 || !(args[0].equals("record") || args[0].equals("sd-jwt"))) {
      out.println(
          "usage: VerifyCommand record|sd-jwt <jwks.json file or URL> <file> [audience nonce]");
      return 2;
    }
    try {
      JWKSource<SecurityContext> keys = keys(args[1]);
      String input = Files.readString(Path.of(args[2]), StandardCharsets.UTF_8).strip();
      if (args[0].equals("record")) {
        Map<?, ?> record = CanonicalJson.MAPPER.readValue(input, Map.class);
        boolean ok =
            new RecordVerifier(keys).verify(record.get("data"), (String) record.get("signature"));
        out.println(
            ok
                ? "verified (key "
                    + RecordVerifier.keyId((String) record.get("signature")).orElse("?") + ")"
                : "NOT verified");
        return ok ? 0 : 1;
      }
      try {
        SdJwtVerifier.Verified v = new SdJwtVerifier(keys, Clock.systemUTC())
            .verify(input, args.length > 3 ? args[3] : null, args.length > 4 ? args[4] : null);
        out.println("verified" + (v.keyBound() ? " (key-bound)" : "") + ": "
            + CanonicalJson.MAPPER.writeValueAsString(v.claims()));
        return 0;
      } catch (SdJwtVerifier.Invalid e) {
        out.println("NOT verified: " + e.getMessage());
        return 1;
      }
    } catch (Exception e) {
      out.println("cannot verify: " + e.getMessage());
      return 2;
    }
  }

  private static JWKSource<SecurityContext> keys(String jwks) throws Exception {
    if (jwks.startsWith("https://") || jwks.startsWith("http://")) {
      return JWKSourceBuilder.create(URI.create(jwks).toURL()).retrying(true).build();
    }
    JWKSet set =
        JWKSet.parse(Files.readString(Path.of(jwks), StandardCharsets.UTF_8)).toPublicJWKSet();
    return (selector, context) -> selector.select(set);
  }
}
