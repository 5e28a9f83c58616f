/*
 * The raw floor of the peer comparison: what the kernel allows for the same traffic, with no JSON.
 *
 * A forked child plays the server over a unix socket pair (socketpair(AF_UNIX, SOCK_STREAM)): it
 * reads NUL-terminated frames and answers each one the way an org.example.bench server would, with
 * frames of the same size (a Stream call gets `count` replies; anything else is answered with the
 * call's own "parameters", which makes Ping and Echo replies the size of the real ones). The parent
 * plays the client and measures the same four figures as the bench clients, with the same flags:
 *
 *   pingpong [--duration S] [--depth N] [--stream-count N] [--stream-size N] [--echo-size N]
 *            [--tests seq,pipe,stream,echo]
 *
 * and prints "RESULT <figure> <value>" lines. The client writes each batch with one write() and
 * reads with large buffers, the server answers every frame in its read buffer with one write():
 * this is as little as a varlink implementation could do per message.
 */
#define _GNU_SOURCE
#include <errno.h>
#include <signal.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

static double duration = 2;
static int depth = 100;
static long stream_count = 10000;
static long stream_size = 16;
static long echo_size = 1 << 20;
static const char *tests = "seq,pipe,stream,echo";

static const char ping_call[] = "{\"method\":\"org.example.bench.Ping\",\"parameters\":{\"ping\":\"ping\"}}";

struct buf {
	char *p;
	size_t len, cap;
};

static void die(const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	fputs("pingpong: ", stderr);
	vfprintf(stderr, fmt, ap);
	fputc('\n', stderr);
	va_end(ap);
	exit(1);
}

static void reserve(struct buf *b, size_t more)
{
	if (b->len + more <= b->cap)
		return;
	size_t cap = b->cap ? b->cap : 65536;
	while (cap < b->len + more)
		cap *= 2;
	b->p = realloc(b->p, cap);
	if (!b->p)
		die("out of memory");
	b->cap = cap;
}

static void append(struct buf *b, const void *p, size_t n)
{
	reserve(b, n);
	memcpy(b->p + b->len, p, n);
	b->len += n;
}

static void write_all(int fd, const char *p, size_t n)
{
	while (n > 0) {
		ssize_t w = write(fd, p, n);
		if (w < 0) {
			if (errno == EINTR)
				continue;
			die("write: %s", strerror(errno));
		}
		p += w;
		n -= (size_t)w;
	}
}

static double now(void)
{
	struct timespec ts;
	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

/* The server: answer every whole frame in the buffer, then write all the answers at once. */
static void serve(int fd)
{
	struct buf in = {0}, out = {0};
	char *data_frame = NULL;
	size_t data_len = 0;
	{
		const char *pre = "{\"parameters\":{\"data\":\"";
		data_len = strlen(pre) + (size_t)stream_size + strlen("\"},\"continues\":true}") + 1;
		data_frame = malloc(data_len);
		if (!data_frame)
			die("out of memory");
		size_t o = strlen(pre);
		memcpy(data_frame, pre, o);
		memset(data_frame + o, 'x', (size_t)stream_size);
		o += (size_t)stream_size;
		memcpy(data_frame + o, "\"},\"continues\":true}", strlen("\"},\"continues\":true}") + 1);
	}
	for (;;) {
		reserve(&in, 65536);
		ssize_t r = read(fd, in.p + in.len, in.cap - in.len);
		if (r < 0 && errno == EINTR)
			continue;
		if (r <= 0)
			_exit(0);
		size_t scanned = in.len;
		in.len += (size_t)r;
		size_t start = 0;
		char *nul;
		while ((nul = memchr(in.p + scanned, 0, in.len - scanned)) != NULL) {
			size_t end = (size_t)(nul - in.p);
			const char *frame = in.p + start;
			size_t flen = end - start;
			if (memmem(frame, flen, "bench.Stream", 12)) {
				for (long i = 1; i < stream_count; i++)
					append(&out, data_frame, data_len);
				/* The last reply has no "continues". */
				size_t last = data_len - strlen(",\"continues\":true}") - 1;
				append(&out, data_frame, last);
				append(&out, "}", 2);
			} else {
				const char *params = memmem(frame, flen, "\"parameters\":", 13);
				if (!params)
					die("server: frame without parameters");
				append(&out, "{", 1);
				append(&out, params, (size_t)(frame + flen - params));
				append(&out, "", 1);
			}
			start = end + 1;
			scanned = start;
		}
		if (out.len) {
			write_all(fd, out.p, out.len);
			out.len = 0;
		}
		memmove(in.p, in.p + start, in.len - start);
		in.len -= start;
	}
}

/* Reads until `frames` NULs have arrived; returns the bytes read (frames never straddle calls). */
static size_t read_frames(int fd, struct buf *in, long frames)
{
	size_t total = 0;
	while (frames > 0) {
		reserve(in, 65536);
		ssize_t r = read(fd, in->p, in->cap);
		if (r < 0 && errno == EINTR)
			continue;
		if (r <= 0)
			die("client: read: %s", r == 0 ? "server closed" : strerror(errno));
		total += (size_t)r;
		const char *p = in->p, *end = in->p + r;
		while (p < end && (p = memchr(p, 0, (size_t)(end - p))) != NULL) {
			frames--;
			p++;
		}
		if (frames < 0)
			die("client: more frames than expected");
	}
	return total;
}

static void seq(int fd)
{
	struct buf in = {0};
	const size_t n = sizeof ping_call; /* with its NUL */
	const size_t want = strlen("{\"parameters\":{\"ping\":\"ping\"}}") + 1;
	for (int i = 0; i < 100; i++) { /* warm-up */
		write_all(fd, ping_call, n);
		read_frames(fd, &in, 1);
	}
	long count = 0;
	double start = now(), el;
	while ((el = now() - start) < duration) {
		write_all(fd, ping_call, n);
		if (read_frames(fd, &in, 1) != want)
			die("seq: wrong reply size");
		count++;
	}
	printf("RESULT seq_calls_per_s %.1f\n", (double)count / el);
	free(in.p);
}

static void pipe_test(int fd)
{
	struct buf in = {0}, batch = {0};
	for (int i = 0; i < depth; i++)
		append(&batch, ping_call, sizeof ping_call);
	const size_t want = (strlen("{\"parameters\":{\"ping\":\"ping\"}}") + 1) * (size_t)depth;
	long count = 0;
	double start = now(), el;
	while ((el = now() - start) < duration) {
		write_all(fd, batch.p, batch.len);
		if (read_frames(fd, &in, depth) != want)
			die("pipe: wrong reply size");
		count += depth;
	}
	printf("RESULT pipelined_calls_per_s %.1f\n", (double)count / el);
	free(in.p);
	free(batch.p);
}

static void stream(int fd)
{
	struct buf in = {0};
	char call[256];
	int n = snprintf(call, sizeof call,
			 "{\"method\":\"org.example.bench.Stream\",\"parameters\":{\"count\":%ld,\"size\":%ld},\"more\":true}",
			 stream_count, stream_size);
	long count = 0;
	double start = now(), el;
	while ((el = now() - start) < duration) {
		write_all(fd, call, (size_t)n + 1);
		read_frames(fd, &in, stream_count);
		count += stream_count;
	}
	printf("RESULT stream_replies_per_s %.1f\n", (double)count / el);
	free(in.p);
}

static void echo(int fd)
{
	struct buf in = {0}, call = {0};
	const char *pre = "{\"method\":\"org.example.bench.Echo\",\"parameters\":{\"blob\":\"";
	append(&call, pre, strlen(pre));
	reserve(&call, (size_t)echo_size);
	memset(call.p + call.len, 'a', (size_t)echo_size);
	call.len += (size_t)echo_size;
	append(&call, "\"}}", 4);
	const size_t want = strlen("{\"parameters\":{\"blob\":\"\"}}") + (size_t)echo_size + 1;
	long count = 0;
	double start = now(), el;
	while ((el = now() - start) < duration || count < 2) {
		write_all(fd, call.p, call.len);
		if (read_frames(fd, &in, 1) != want)
			die("echo: wrong reply size");
		count++;
	}
	printf("RESULT echo_mib_per_s %.2f\n", (double)count * (double)echo_size / (1024.0 * 1024.0) / el);
	free(in.p);
	free(call.p);
}

static const char *arg(int argc, char **argv, int *i)
{
	if (*i + 1 >= argc)
		die("%s needs a value", argv[*i]);
	return argv[++*i];
}

int main(int argc, char **argv)
{
	for (int i = 1; i < argc; i++) {
		const char *a = argv[i];
		if (a[0] == '-' && a[1] == '-')
			a++;
		if (!strcmp(a, "-duration"))
			duration = atof(arg(argc, argv, &i));
		else if (!strcmp(a, "-depth"))
			depth = atoi(arg(argc, argv, &i));
		else if (!strcmp(a, "-stream-count"))
			stream_count = atol(arg(argc, argv, &i));
		else if (!strcmp(a, "-stream-size"))
			stream_size = atol(arg(argc, argv, &i));
		else if (!strcmp(a, "-echo-size"))
			echo_size = atol(arg(argc, argv, &i));
		else if (!strcmp(a, "-tests"))
			tests = arg(argc, argv, &i);
		else
			die("unknown flag %s", argv[i]);
	}
	if (duration <= 0 || depth < 1 || stream_count < 1 || stream_size < 0 || echo_size < 0)
		die("bad flag value");

	int sv[2];
	if (socketpair(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0, sv) < 0)
		die("socketpair: %s", strerror(errno));
	pid_t child = fork();
	if (child < 0)
		die("fork: %s", strerror(errno));
	if (child == 0) {
		close(sv[0]);
		serve(sv[1]);
	}
	close(sv[1]);
	setvbuf(stdout, NULL, _IOLBF, 0);
	printf("CLIENT raw-floor socketpair duration=%g depth=%d stream=%ldx%ld echo=%ld\n", duration, depth,
	       stream_count, stream_size, echo_size);

	char *list = strdup(tests);
	for (char *save = NULL, *t = strtok_r(list, ",", &save); t; t = strtok_r(NULL, ",", &save)) {
		if (!strcmp(t, "seq"))
			seq(sv[0]);
		else if (!strcmp(t, "pipe"))
			pipe_test(sv[0]);
		else if (!strcmp(t, "stream"))
			stream(sv[0]);
		else if (!strcmp(t, "echo"))
			echo(sv[0]);
		else
			die("unknown test %s", t);
	}
	free(list);
	close(sv[0]);
	int status;
	waitpid(child, &status, 0);
	return 0;
}
