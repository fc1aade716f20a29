package org.kith.core;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

@DisplayName("web links")
class WebLinksTests {
  @Nested
  @DisplayName("links people follow")
  class Web {
    @ParameterizedTest
    @ValueSource(
        strings = {"https://example.org", "http://example.org/page?x=1#top", "HTTPS://Example.ORG/a"
        })
    @DisplayName("absolute http and https URLs with a host are kept")
    void accepted(String url) {
      assertThat(WebLinks.webProblem(url, WebLinks.MAX_LENGTH)).isNull();
    }

    @ParameterizedTest
    @ValueSource(
        strings = {
          "javascript:alert(1)",
          "data:text/html,<script>x</script>",
          "vbscript:msgbox",
          "ftp://example.org/file",
          "//example.org/path",
          "/relative/path",
          "https://bank.example@evil.example/",
          "https://user:pw@example.org",
          "https:///no-host",
          "https://exa mple.org",
          "https://example.org/\n",
          "file:///etc/passwd",
          ""
        })
    @DisplayName(
        "scripts, other schemes, relative links, user parts and malformed URLs are refused")
    void refused(String url) {
      assertThat(WebLinks.webProblem(url, WebLinks.MAX_LENGTH)).isNotNull();
    }

    @Test
    @DisplayName("the length limit is the caller's and is inclusive")
    void length() {
      String base = "https://example.org/";
      String exact = base + "a".repeat(100 - base.length());
      assertThat(WebLinks.webProblem(exact, 100)).isNull();
      assertThat(WebLinks.webProblem(exact + "a", 100)).contains("at most 100 characters");
      assertThat(WebLinks.webProblem(null, 100)).isNotNull();
    }
  }

  @Nested
  @DisplayName("redirect targets")
  class Redirect {
    @ParameterizedTest
    @ValueSource(
        strings = {
          "https://app.example/callback",
          "http://localhost:8080/cb",
          "http://127.0.0.1/cb",
          "http://[::1]:3000/cb",
          "http://LOCALHOST/cb"
        })
    @DisplayName("https anywhere, plain http only to a loopback host")
    void accepted(String uri) {
      assertThat(WebLinks.redirectProblem(uri)).isNull();
    }

    @Test
    @DisplayName("plain http to any other host is refused with advice to use https")
    void plainHttp() {
      assertThat(WebLinks.redirectProblem("http://app.example/callback")).contains("use https");
      assertThat(WebLinks.redirectProblem("http://localhost.evil.example/cb"))
          .contains("use https");
    }

    @ParameterizedTest
    @ValueSource(
        strings = {
          "https://app.example/cb#frag",
          "https://app.example@evil.example/cb",
          "javascript:alert(1)",
          "https:/cb",
          "/cb",
          "com.example.app:/oauth"
        })
    @DisplayName("fragments, user parts, scripts and hostless URIs are refused")
    void refused(String uri) {
      assertThat(WebLinks.redirectProblem(uri))
          .isEqualTo("an absolute URI with a host, no user name and no fragment");
    }

    @Test
    @DisplayName("at most 2,048 characters")
    void length() {
      String base = "https://app.example/";
      String exact = base + "a".repeat(WebLinks.MAX_LENGTH - base.length());
      assertThat(WebLinks.redirectProblem(exact)).isNull();
      assertThat(WebLinks.redirectProblem(exact + "a")).contains("2048");
      assertThat(WebLinks.redirectProblem(null)).isNotNull();
    }
  }

  @Nested
  @DisplayName("pictures")
  class Picture {
    @ParameterizedTest
    @ValueSource(
        strings = {
          "https://cdn.example/logo.png",
          "data:image/png;base64,iVBORw0KGgo=",
          "data:image/jpeg;base64,/9j/4AAQ",
          "data:image/gif;base64,R0lGOD==",
          "data:image/webp;base64,UklGR"
        })
    @DisplayName("an https URL or an inline raster image is kept")
    void accepted(String picture) {
      assertThat(WebLinks.pictureProblem(picture)).isNull();
    }

    @ParameterizedTest
    @ValueSource(
        strings = {
          "http://cdn.example/logo.png",
          "data:image/svg+xml;base64,PHN2Zz4=",
          "data:text/html;base64,PHNjcmlwdD4=",
          "data:image/png,rawbytes",
          "data:image/png;base64,not base64!",
          "javascript:alert(1)",
          "https://u@cdn.example/logo.png"
        })
    @DisplayName("plain http, SVG (which may carry script), other data and scripts are refused")
    void refused(String picture) {
      assertThat(WebLinks.pictureProblem(picture)).isNotNull();
    }

    @Test
    @DisplayName("an inline picture is at most 65,536 characters")
    void inlineLimit() {
      String prefix = "data:image/png;base64,";
      String exact = prefix + "A".repeat(WebLinks.MAX_INLINE_PICTURE - prefix.length());
      assertThat(WebLinks.pictureProblem(exact)).isNull();
      assertThat(WebLinks.pictureProblem(exact + "A"))
          .contains("at most " + WebLinks.MAX_INLINE_PICTURE);
      assertThat(WebLinks.pictureProblem(null)).isNotNull();
    }
  }
}
