/*
 * kbench: the real kernel's cost of the namespace operations @nsproxy/bench
 * compares the model with. Compiled at bench time (cc -O2) into ../bin/.
 *
 * Usage: kbench <op> <iterations>
 *        kbench --list          the ops this program knows, one a line
 *
 * Every op runs in a forked child (the measuring child), so nothing it does
 * (unshare, setns, mounts) reaches the host: the child exits at the end and its
 * namespaces go with it. The child warms up (iterations / 10, at least 1),
 * then times `iterations` runs with clock_gettime(CLOCK_MONOTONIC) and reports
 * through a pipe. Ops a process can do only once (unshare of a user or pid
 * namespace) fork one grandchild per iteration and time only the call inside
 * it. The mount-namespace ops (unshare-mnt, mntns-copy-1000) first make the
 * measuring child a private mount namespace of its own (private_mnt_ns), so
 * no mount they make or copy can reach the host. Output: one JSON line on
 * stdout,
 *   {"op":"unshare-uts","ns_per_op":1234.5,"iterations":10000}
 * plus "mounts" (the mounts each unshare copies) for the mount ops. Errors: a message on stderr, exit 1.
 * Must run as root (CAP_SYS_ADMIN in the initial user namespace).
 */
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <linux/if_link.h>
#include <linux/netlink.h>
#include <linux/rtnetlink.h>
#include <linux/veth.h>
#include <sched.h>
#include <signal.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mount.h>
#include <sys/prctl.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#ifndef CLONE_NEWTIME
#define CLONE_NEWTIME 0x00000080
#endif
#ifndef CLONE_NEWCGROUP
#define CLONE_NEWCGROUP 0x02000000
#endif

/* The result the measuring child sends to the parent. */
struct result {
	double total_ns;    /* time of the timed part, all iterations */
	long iterations;
	long mounts;        /* unshare-mnt, mntns-copy: mounts in the namespace copied */
	int err;            /* errno of the first failure, 0 if none */
	char what[96];      /* what failed */
};

static struct result res;

/* kbench itself, the measuring child's parent. */
static pid_t kbench_pid;

static uint64_t now_ns(void)
{
	struct timespec ts;
	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (uint64_t)ts.tv_sec * 1000000000ull + (uint64_t)ts.tv_nsec;
}

/* Records the first failure; the op then stops. */
static int failed(const char *what)
{
	if (!res.err) {
		res.err = errno ? errno : EIO;
		snprintf(res.what, sizeof res.what, "%s", what);
	}
	return -1;
}

/* A raw clone(2) without a new stack: the child goes on like after fork(). */
static pid_t raw_clone(unsigned long flags)
{
	return (pid_t)syscall(SYS_clone, flags, 0, 0, 0, 0);
}

static int reap(pid_t pid)
{
	int status;
	while (waitpid(pid, &status, 0) < 0)
		if (errno != EINTR) return failed("waitpid");
	return 0;
}

/* ---- ops that repeat in one process ---------------------------------- */

/* unshare(flag) again and again: a new namespace each time, the previous one dropped. */
static int loop_unshare(int flag, long n)
{
	uint64_t t0 = now_ns();
	for (long i = 0; i < n; i++)
		if (unshare(flag) < 0) return failed("unshare");
	res.total_ns += (double)(now_ns() - t0);
	return 0;
}

/* ---- ops a process can do once: one grandchild per iteration ---------- */

/* The grandchild times `op` and sends the time (ns, or -errno) through the pipe. */
static int per_child(long n, int (*op)(void))
{
	int p[2];
	if (pipe(p) < 0) return failed("pipe");
	for (long i = 0; i < n; i++) {
		pid_t pid = fork();
		if (pid < 0) return failed("fork");
		if (pid == 0) {
			close(p[0]);
			uint64_t t0 = now_ns();
			int rc = op();
			int64_t dt = (int64_t)(now_ns() - t0);
			if (rc < 0) dt = -(int64_t)(errno ? errno : EIO);
			if (write(p[1], &dt, sizeof dt) != sizeof dt) _exit(2);
			_exit(0);
		}
		int64_t dt = 0;
		ssize_t got = read(p[0], &dt, sizeof dt);
		if (reap(pid) < 0) return -1;
		if (got != sizeof dt) return failed("read from the child");
		if (dt < 0) {
			errno = (int)-dt;
			return failed("the op in the child");
		}
		res.total_ns += (double)dt;
	}
	close(p[0]);
	close(p[1]);
	return 0;
}

static int op_unshare_user(void) { return unshare(CLONE_NEWUSER); }
static int op_unshare_pid(void) { return unshare(CLONE_NEWPID); }
static int op_unshare_net(void) { return unshare(CLONE_NEWNET); }

/* A new user namespace and its uid_map: root maps itself (0 0 1). */
static int op_userns_map(void)
{
	if (unshare(CLONE_NEWUSER) < 0) return -1;
	int fd = open("/proc/self/uid_map", O_WRONLY | O_CLOEXEC);
	if (fd < 0) return -1;
	static const char map[] = "0 0 1\n";
	ssize_t w = write(fd, map, sizeof map - 1);
	close(fd);
	return w == (ssize_t)(sizeof map - 1) ? 0 : -1;
}

/* ---- setns, open, clone ------------------------------------------------ */

/* setns between two uts namespaces, alternately. */
static int op_setns_uts(long n)
{
	int a = open("/proc/self/ns/uts", O_RDONLY | O_CLOEXEC);
	if (a < 0) return failed("open uts");
	if (unshare(CLONE_NEWUTS) < 0) return failed("unshare uts");
	int b = open("/proc/self/ns/uts", O_RDONLY | O_CLOEXEC);
	if (b < 0) return failed("open uts");
	uint64_t t0 = now_ns();
	for (long i = 0; i < n; i++)
		if (setns((i & 1) ? b : a, CLONE_NEWUTS) < 0) return failed("setns");
	res.total_ns += (double)(now_ns() - t0);
	close(a);
	close(b);
	return 0;
}

/* open + close of an ns file. */
static int op_open_nsfile(long n)
{
	uint64_t t0 = now_ns();
	for (long i = 0; i < n; i++) {
		int fd = open("/proc/self/ns/uts", O_RDONLY | O_CLOEXEC);
		if (fd < 0) return failed("open");
		close(fd);
	}
	res.total_ns += (double)(now_ns() - t0);
	return 0;
}

/* clone(flags | SIGCHLD); the child exits at once; the parent waits. */
static int op_clone_exit_wait(unsigned long flags, long n)
{
	uint64_t t0 = now_ns();
	for (long i = 0; i < n; i++) {
		pid_t pid = raw_clone(flags | SIGCHLD);
		if (pid < 0) return failed("clone");
		if (pid == 0) syscall(SYS_exit_group, 0);
		if (reap(pid) < 0) return -1;
	}
	res.total_ns += (double)(now_ns() - t0);
	return 0;
}

/* ---- mount namespaces ---------------------------------------------------- */

/*
 * The mounts a mount namespace copy copies: the lines of mountinfo plus the
 * namespace's root mount (rootfs, outside every root, so mountinfo never
 * shows it; copy_mnt_ns copies it too). The model counts the same way.
 */
static long count_mounts(void)
{
	FILE *f = fopen("/proc/self/mountinfo", "re");
	if (!f) return -1;
	long lines = 0;
	int c;
	while ((c = fgetc(f)) != EOF)
		if (c == '\n') lines++;
	fclose(f);
	return lines + 1;
}

/* Where the bench's mounts go, in its own mount namespace only. */
#define NSS_DIR "/tmp/nss-bench"

/*
 * The bench's own mount namespace: a copy of the host's, made rprivate at
 * once (nothing mounted here propagates anywhere, nothing from the host
 * arrives), then a tmpfs on /tmp, a tmpfs on /tmp/nss-bench in it (what a
 * fresh machine has, as the model's boot tree plus the same two mounts) and
 * `extra` more tmpfs mounts in /tmp/nss-bench/mN. The host's /tmp is only
 * covered, in this namespace: no directory is made on it; everything goes
 * when the measuring child exits.
 */
static int private_mnt_ns(long extra)
{
	if (unshare(CLONE_NEWNS) < 0) return failed("unshare mnt");
	if (mount(NULL, "/", NULL, MS_REC | MS_PRIVATE, NULL) < 0) return failed("make / rprivate");
	if (mount("kbench", "/tmp", "tmpfs", 0, "size=1m,mode=1777") < 0) return failed("mount tmpfs on /tmp");
	if (mkdir(NSS_DIR, 0700) < 0) return failed("mkdir " NSS_DIR);
	if (mount("kbench", NSS_DIR, "tmpfs", 0, "size=1m,mode=700") < 0) return failed("mount tmpfs on " NSS_DIR);
	char path[64];
	for (long i = 0; i < extra; i++) {
		snprintf(path, sizeof path, NSS_DIR "/m%ld", i);
		if (mkdir(path, 0700) < 0) return failed("mkdir");
		if (mount("kbench", path, "tmpfs", 0, "size=4k") < 0) return failed("mount tmpfs");
	}
	res.mounts = count_mounts();
	if (res.mounts < 0) return failed("read mountinfo");
	return 0;
}

/* The extra mounts of each mount-namespace op (-1: not one). */
static long mnt_extra(const char *op)
{
	if (!strcmp(op, "unshare-mnt")) return 0;
	if (!strcmp(op, "mntns-copy-1000")) return 1000;
	return -1;
}

/* ---- veth over rtnetlink ----------------------------------------------- */

struct nlreq {
	struct nlmsghdr h;
	struct ifinfomsg i;
	char buf[512];
};

static struct rtattr *rta_add(struct nlmsghdr *h, unsigned short type, const void *data, size_t len)
{
	struct rtattr *a = (struct rtattr *)((char *)h + NLMSG_ALIGN(h->nlmsg_len));
	a->rta_type = type;
	a->rta_len = (unsigned short)RTA_LENGTH(len);
	if (len) memcpy(RTA_DATA(a), data, len);
	h->nlmsg_len = NLMSG_ALIGN(h->nlmsg_len) + RTA_ALIGN(a->rta_len);
	return a;
}

static void rta_end(struct nlmsghdr *h, struct rtattr *nest)
{
	nest->rta_len = (unsigned short)((char *)h + h->nlmsg_len - (char *)nest);
}

static int nl_seq;

/* Sends one request and reads its ack; 0 or -1 with errno set. */
static int nl_talk(int sk, struct nlreq *r)
{
	r->h.nlmsg_seq = (unsigned)++nl_seq;
	r->h.nlmsg_flags |= NLM_F_REQUEST | NLM_F_ACK;
	if (send(sk, r, r->h.nlmsg_len, 0) < 0) return -1;
	char buf[4096];
	for (;;) {
		ssize_t len = recv(sk, buf, sizeof buf, 0);
		if (len < 0) {
			if (errno == EINTR) continue;
			return -1;
		}
		for (struct nlmsghdr *h = (struct nlmsghdr *)buf; NLMSG_OK(h, (unsigned)len); h = NLMSG_NEXT(h, len)) {
			if (h->nlmsg_seq != (unsigned)nl_seq) continue;
			if (h->nlmsg_type == NLMSG_ERROR) {
				struct nlmsgerr *e = NLMSG_DATA(h);
				if (e->error) {
					errno = -e->error;
					return -1;
				}
				return 0;
			}
		}
	}
}

static void nl_init(struct nlreq *r, unsigned short type, unsigned short flags, int index)
{
	memset(r, 0, sizeof *r);
	r->h.nlmsg_len = NLMSG_LENGTH(sizeof r->i);
	r->h.nlmsg_type = type;
	r->h.nlmsg_flags = flags;
	r->i.ifi_family = AF_UNSPEC;
	r->i.ifi_index = index;
}

/* ip link add va index VA_INDEX type veth peer name vb index VB_INDEX */
#define VA_INDEX 100
#define VB_INDEX 101
static int veth_create(int sk)
{
	struct nlreq r;
	nl_init(&r, RTM_NEWLINK, NLM_F_CREATE | NLM_F_EXCL, VA_INDEX);
	rta_add(&r.h, IFLA_IFNAME, "va", 3);
	struct rtattr *info = rta_add(&r.h, IFLA_LINKINFO, NULL, 0);
	rta_add(&r.h, IFLA_INFO_KIND, "veth", 5);
	struct rtattr *data = rta_add(&r.h, IFLA_INFO_DATA, NULL, 0);
	struct rtattr *peer = rta_add(&r.h, VETH_INFO_PEER, NULL, 0);
	struct ifinfomsg pi = { .ifi_family = AF_UNSPEC, .ifi_index = VB_INDEX };
	memcpy((char *)&r.h + r.h.nlmsg_len, &pi, sizeof pi);
	r.h.nlmsg_len += NLMSG_ALIGN(sizeof pi);
	rta_add(&r.h, IFLA_IFNAME, "vb", 3);
	rta_end(&r.h, peer);
	rta_end(&r.h, data);
	rta_end(&r.h, info);
	return nl_talk(sk, &r);
}

/* ip link set dev <index> netns <fd> */
static int link_move(int sk, int index, int nsfd)
{
	struct nlreq r;
	nl_init(&r, RTM_NEWLINK, 0, index);
	rta_add(&r.h, IFLA_NET_NS_FD, &nsfd, sizeof nsfd);
	return nl_talk(sk, &r);
}

static int link_delete(int sk, int index)
{
	struct nlreq r;
	nl_init(&r, RTM_DELLINK, 0, index);
	return nl_talk(sk, &r);
}

/*
 * In a new net namespace A, with a second one B: create a veth pair and move
 * one end to B (timed), then delete the pair (not timed; deleting one end
 * deletes both).
 */
static int op_veth_move(long n)
{
	if (unshare(CLONE_NEWNET) < 0) return failed("unshare net (B)");
	int b = open("/proc/self/ns/net", O_RDONLY | O_CLOEXEC);
	if (b < 0) return failed("open net ns");
	if (unshare(CLONE_NEWNET) < 0) return failed("unshare net (A)");
	int sk = socket(AF_NETLINK, SOCK_RAW | SOCK_CLOEXEC, NETLINK_ROUTE);
	if (sk < 0) return failed("netlink socket");
	struct sockaddr_nl sa = { .nl_family = AF_NETLINK };
	if (bind(sk, (struct sockaddr *)&sa, sizeof sa) < 0) return failed("bind netlink");
	for (long i = 0; i < n; i++) {
		uint64_t t0 = now_ns();
		if (veth_create(sk) < 0) return failed("create veth");
		if (link_move(sk, VB_INDEX, b) < 0) return failed("move vb");
		res.total_ns += (double)(now_ns() - t0);
		if (link_delete(sk, VA_INDEX) < 0) return failed("delete va");
	}
	close(sk);
	close(b);
	return 0;
}

/* ---- the op table ------------------------------------------------------ */

static int run_op(const char *op, long n)
{
	if (!strcmp(op, "unshare-uts")) return loop_unshare(CLONE_NEWUTS, n);
	if (!strcmp(op, "unshare-ipc")) return loop_unshare(CLONE_NEWIPC, n);
	if (!strcmp(op, "unshare-net")) return loop_unshare(CLONE_NEWNET, n);
	if (!strcmp(op, "unshare-cgroup")) return loop_unshare(CLONE_NEWCGROUP, n);
	if (!strcmp(op, "unshare-time")) return loop_unshare(CLONE_NEWTIME, n);
	/* unshare-mnt and mntns-copy-1000: in the namespace private_mnt_ns made (measure). */
	if (!strcmp(op, "unshare-mnt")) return loop_unshare(CLONE_NEWNS, n);
	if (!strcmp(op, "mntns-copy-1000")) return loop_unshare(CLONE_NEWNS, n);
	if (!strcmp(op, "unshare-user")) return per_child(n, op_unshare_user);
	if (!strcmp(op, "unshare-pid")) return per_child(n, op_unshare_pid);
	if (!strcmp(op, "userns-map")) return per_child(n, op_userns_map);
	if (!strcmp(op, "setns-uts")) return op_setns_uts(n);
	if (!strcmp(op, "open-nsfile")) return op_open_nsfile(n);
	if (!strcmp(op, "clone-exit-wait")) return op_clone_exit_wait(0, n);
	if (!strcmp(op, "clone-newpid-exit-wait")) return op_clone_exit_wait(CLONE_NEWPID, n);
	if (!strcmp(op, "netns-create")) return per_child(n, op_unshare_net);
	if (!strcmp(op, "veth-move")) return op_veth_move(n);
	errno = EINVAL;
	return failed("unknown op");
}

static const char *const ops[] = {
	"unshare-user", "unshare-mnt", "unshare-uts", "unshare-ipc", "unshare-pid", "unshare-net",
	"unshare-cgroup", "unshare-time", "setns-uts", "clone-exit-wait", "clone-newpid-exit-wait",
	"userns-map", "open-nsfile", "mntns-copy-1000", "netns-create", "veth-move",
};

/*
 * The measuring child: set up (the mount ops: their private namespace, once),
 * warm up, reset, run, send the result. It dies with kbench (PDEATHSIG), so a
 * kbench killed on a timeout leaves nothing running.
 */
static void measure(const char *op, long n, int out)
{
	if (prctl(PR_SET_PDEATHSIG, SIGKILL) < 0 || getppid() != kbench_pid) _exit(3);
	long extra = mnt_extra(op);
	long warm = n / 10 > 0 ? n / 10 : 1;
	if ((extra < 0 || private_mnt_ns(extra) == 0) && run_op(op, warm) == 0) {
		long mounts = res.mounts;
		memset(&res, 0, sizeof res);
		res.mounts = mounts;
		run_op(op, n);
	}
	res.iterations = n;
	if (write(out, &res, sizeof res) != sizeof res) _exit(2);
	_exit(0);
}

int main(int argc, char **argv)
{
	if (argc == 2 && !strcmp(argv[1], "--list")) {
		for (size_t i = 0; i < sizeof ops / sizeof ops[0]; i++) puts(ops[i]);
		return 0;
	}
	if (argc != 3) {
		fprintf(stderr, "usage: kbench <op> <iterations> | kbench --list\n");
		return 1;
	}
	const char *op = argv[1];
	char *end;
	long n = strtol(argv[2], &end, 10);
	if (*end || n <= 0) {
		fprintf(stderr, "kbench: bad iteration count '%s'\n", argv[2]);
		return 1;
	}
	int p[2];
	if (pipe(p) < 0) {
		perror("kbench: pipe");
		return 1;
	}
	fflush(stdout);
	kbench_pid = getpid();
	pid_t pid = fork();
	if (pid < 0) {
		perror("kbench: fork");
		return 1;
	}
	if (pid == 0) {
		close(p[0]);
		measure(op, n, p[1]);
	}
	close(p[1]);
	struct result r;
	ssize_t got = read(p[0], &r, sizeof r);
	int status;
	waitpid(pid, &status, 0);
	if (got != sizeof r || !WIFEXITED(status) || WEXITSTATUS(status) != 0) {
		fprintf(stderr, "kbench: %s: the measuring child died (status 0x%x)\n", op, status);
		return 1;
	}
	if (r.err) {
		fprintf(stderr, "kbench: %s: %s: %s\n", op, r.what, strerror(r.err));
		return 1;
	}
	printf("{\"op\":\"%s\",\"ns_per_op\":%.1f,\"iterations\":%ld", op, r.total_ns / (double)r.iterations, r.iterations);
	if (r.mounts) printf(",\"mounts\":%ld", r.mounts);
	printf("}\n");
	return 0;
}
