package org.kith.api.web;

import io.netty.buffer.Unpooled;
import io.netty.channel.ChannelDuplexHandler;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelPromise;
import io.netty.handler.codec.http.DefaultFullHttpResponse;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.LastHttpContent;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import org.kith.core.ProblemKind;
import org.springframework.boot.web.embedded.netty.NettyServerCustomizer;
import reactor.netty.NettyPipeline;
import reactor.netty.http.server.HttpServer;

/**
 * Two fixes at the HTTP connection, below Spring, installed between Reactor Netty's HTTP codec and its traffic
 * handler:
 *
 * <ul>
 *   <li><b>Keep-alive reads are re-armed.</b> Reactor Netty 1.2 can leave a keep-alive connection unread: when the
 *       next request arrives before the previous exchange has fully terminated, it buffers it, answers it from the
 *       buffer, and may then forget to ask the socket for more (reactor-netty issue 4361, fixed after 1.2.18). The
 *       client's next request on that connection then waits forever. Found by the generated-requests test (about
 *       one request in 200, after error answers) and earlier as a stall after a body-less redirect. Once the last
 *       part of each response is written this handler asks the channel to read again: with auto-read off that is
 *       the missing re-arm, and an extra read when one is pending is harmless (an early request is buffered).</li>
 *   <li><b>Requests the codec cannot parse get a problem.</b> A request line or headers beyond the limits, or
 *       bytes that are not HTTP, are answered by Reactor Netty itself with an empty 414, 431 or 400; this turns
 *       them into RFC 9457 problem bodies like every other error.</li>
 * </ul>
 */
public final class NettyHardening extends ChannelDuplexHandler implements NettyServerCustomizer {
  static final String NAME = "kith.hardening";
  private static final Map<Integer, String> PROTOCOL_ERRORS = Map.of(
      400, "the request is not valid HTTP",
      414, "the request line (method, path and query) is too long",
      431, "the request headers are too large");

  @Override
  public HttpServer apply(HttpServer server) {
    return server.doOnChannelInit((observer, channel, address) -> {
      if (channel.pipeline().get(NettyPipeline.HttpCodec) != null
          && channel.pipeline().get(NAME) == null) {
        channel.pipeline().addAfter(NettyPipeline.HttpCodec, NAME, new NettyHardening());
      }
    });
  }

  @Override
  public boolean isSharable() {
    return false;
  }

  @Override
  public void write(ChannelHandlerContext ctx, Object msg, ChannelPromise promise)
      throws Exception {
    Object out = msg;
    if (msg instanceof FullHttpResponse response
        && response.content().readableBytes() == 0
        && !response.headers().contains(HttpHeaderNames.CONTENT_TYPE)
        && PROTOCOL_ERRORS.containsKey(response.status().code())) {
      out = problem(response);
    }
    if (out instanceof LastHttpContent) {
      promise = promise.unvoid();
      promise.addListener(written -> {
        if (written.isSuccess() && ctx.channel().isActive()) {
          ctx.channel().eventLoop().execute(() -> ctx.channel().read());
        }
      });
    }
    super.write(ctx, out, promise);
  }

  private static FullHttpResponse problem(FullHttpResponse empty) {
    int status = empty.status().code();
    String detail = PROTOCOL_ERRORS.get(status);
    String title =
        status == 400 ? ProblemKind.BAD_REQUEST.title() : empty.status().reasonPhrase();
    String slug = status == 400
        ? ProblemKind.BAD_REQUEST.slug()
        : title.toLowerCase(java.util.Locale.ROOT).replace(' ', '-');
    byte[] body = ("{\"type\":\"" + Problems.TYPE_BASE + slug + "\",\"title\":\"" + title
            + "\",\"status\":" + status + ",\"detail\":\"" + detail + "\",\"message\":\"" + detail
            + "\"}")
        .getBytes(StandardCharsets.UTF_8);
    FullHttpResponse problem = new DefaultFullHttpResponse(
        empty.protocolVersion(),
        empty.status(),
        Unpooled.wrappedBuffer(body),
        empty.headers().copy(),
        empty.trailingHeaders().copy());
    problem
        .headers()
        .set(HttpHeaderNames.CONTENT_TYPE, "application/problem+json")
        .setInt(HttpHeaderNames.CONTENT_LENGTH, body.length);
    empty.release();
    return problem;
  }
}
