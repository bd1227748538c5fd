/*
 * nsproxy-agent: the real-kernel side of @nsproxy/linux.
 *
 * One agent process stands for one scenario task. The driver (Node) starts a
 * single "host agent" in the host's namespaces (not a scenario task); it
 * clones `init` with fresh namespaces of every type but user, and every other
 * task is cloned by the agent of the task that acts, with the real CLONE_NEW*
 * flags (through clone3(2): see clone_task). An agent has one thread unless
 * the scenario makes more (the `thread` request, op_thread: each serves its
 * own request pipe). Agents use raw system calls where glibc might rely on
 * state that a raw clone leaves stale (cached tids): no raise(), no pthreads,
 * no stdio in tasks.
 * Every agent ignores SIGCHLD, so the kernel reaps its children at once; all
 * other signals keep their default disposition. All agents run on one CPU
 * (one_cpu: namespace ids then rise in creation order, which mount namespace
 * loop checks compare).
 *
 * Protocol (text lines; every token is percent-encoded: bytes <= 0x20, >= 0x7f
 * and '%' are written as %XX):
 *
 *   request   <id> <op> <arg>...             driver -> agent (a line of any length)
 *   response  <id> ok                         agent -> driver, on fd 1
 *             <id> err <ERRNO>                (an errno name: EPERM, ...)
 *             <id> int <decimal>
 *             <id> text <percent-encoded text>
 *             <id> part <percent-encoded text> (a text continues in the next line)
 *             <id> ns <type> <ns_id>          (NS_GET_NSTYPE name, NS_GET_ID)
 *             <id> born <host pid> <fd>       (written by a new child after clone:
 *                                              its pid in the host pid ns and the fd
 *                                              of its request pipe)
 *             <id> fail <ERRNO> <what>        (a child could not start; it exits)
 *             0 ready <pid>                   (the host agent, once, at start)
 *
 * The host agent reads requests from stdin. A task agent reads them from a
 * pipe of its own, inherited: the acting agent makes the pipe right before
 * clone(2), the child keeps it and says `born <host pid> <fd>`, the parent
 * closes its copies, and the driver opens the write side as
 * /proc/<host pid>/fd/<fd> (no path in any filesystem). All agents share one
 * response pipe (fd 1, inherited); each response is one write(2) of less than
 * PIPE_BUF bytes, so lines of different agents never interleave.
 *
 * Requests (flags and numbers in decimal; <path> is an absolute path):
 *   clone <flags>               clone3(flags, SIGCHLD; 0 with CLONE_PARENT); result: the
 *                               child's pid (with CLONE_FILES nothing of the shared fd table is closed)
 *   spawn-init <flags> [<cg>]   the same, and the child sets up the world: / made
 *                               rprivate, a tmpfs over /tmp and another on
 *                               /tmp/nss (nothing made in the host's file system),
 *                               PR_SET_PDEATHSIG re-armed after every change of
 *                               credentials (see rearm_pdeathsig)
 *   unshare <flags>             unshare(2)
 *   ns <path>                   readlink + open + NS_GET_NSTYPE + NS_GET_ID
 *   setns-path <path> <nstype>  open, setns, close
 *   setns-pid <pid> <flags>     pidfd_open(pid), setns(pidfd, flags), close
 *   open <path> <name> [<acc>]  open O_RDONLY (or that access mode) and keep the fd as <name>
 *   setns-fd <name> <nstype>    setns on a kept fd (-1: the fd's own type)
 *   close <name>                close a kept fd
 *   fdns <name>                 the namespace of a kept fd
 *   fstat <name>                fstat(2) of a kept fd: dev=<st_dev> ino=<st_ino> mode=0<octal> size=<n>
 *   ioctl <name> <cmd> [<new>]  NS_GET_USERNS|NS_GET_PARENT (keep <new>),
 *                               NS_GET_NSTYPE, NS_GET_OWNER_UID, NS_GET_ID (as `ns`),
 *                               NS_GET_{PID,TGID}_{FROM,IN}_PIDNS <pid> (an int)
 *   exit <code>                 exit(2) of this thread (_exit(code) when it is the
 *                               process's only one); no response
 *   thread <flags>              a thread of the caller's process: clone with
 *                               CLONE_THREAD|CLONE_SIGHAND|CLONE_VM (or, without
 *                               CLONE_THREAD, a process sharing our memory) on a
 *                               stack of its own (op_thread); result: its tid, and
 *                               it says `born <host tid> <fd>` as a child does
 *   id | caps | getpid | getppid | hostname | domainname
 *   setuid <n> | setgid <n>     setresuid / setresgid
 *   write <path> <data> [<accmode>]
 *                               open O_WRONLY (or that access mode), one write(2), close
 *   read <path> [<accmode>]     the whole file as text (opened O_RDONLY, or so)
 *   setgroups -|<gid>,...       setgroups(2) of the caller (raw: glibc's would
 *                               set every thread's groups)
 *   sethostname <s> | setdomainname <s>
 *   ipcget shm|msg|sem <key> <flags> [<size>]
 *                               shmget(key, size, flags) (size: 4096 when absent) /
 *                               msgget(key, flags) / semget(key, size, flags) (1)
 *   ipcctl shm|msg|sem <id> <cmd>
 *                               the raw shmctl/msgctl/semctl with that command and
 *                               no buffer
 *   ipcs shm|msg|sem            number of objects in the caller's ipc ns
 *   ipcrm shm|msg|sem <id>      shmctl/msgctl/semctl(id, IPC_RMID)
 *   ipcstat shm|msg|sem <id>    IPC_STAT; text "uid=U gid=G mode=OOO" (msg: and
 *                               " qbytes=Q qnum=N cbytes=B")
 *   msgsnd <id> <mtype> <size> <text>
 *                               msgsnd(id, {mtype, text zero-padded to size},
 *                               size, IPC_NOWAIT)
 *   msgrcv <id> <size> <msgtyp> <flags>
 *                               msgrcv; text "mtype=T size=N[ text=<bytes up
 *                               to the first NUL>]"
 *   semop <id> -|<num>:<op>,... [<flags>]
 *                               semop, every sem_flg IPC_NOWAIT (| flags: SEM_UNDO)
 *   mq_open <name> <oflag>      mq_open(name, oflag, 0600, NULL), then close
 *   mq_unlink <name>            mq_unlink(name)
 *   kill <pid> <signo>
 *   pdeathsig <signo>           prctl(PR_SET_PDEATHSIG, signo) (an unsigned long)
 *   prctl <option> [<n>]        prctl(PR_GET_SECUREBITS | PR_SET_SECUREBITS n |
 *                               PR_GET_KEEPCAPS | PR_SET_KEEPCAPS n |
 *                               PR_GET_NO_NEW_PRIVS | PR_SET_NO_NEW_PRIVS n |
 *                               PR_CAPBSET_READ n | PR_CAPBSET_DROP n), or
 *                               PR_CAP_AMBIENT with RAISE/LOWER/IS_SET n or
 *                               CLEAR_ALL; int for a read, ok for a change
 *   capset <eff> <perm> <inh>   capset(2) version 3 of the caller, 64-bit sets
 *   pidin <hostpid> <hostpid>   (host agent) NS_GET_PID_IN_PIDNS of the
 *                               second pid in the first one's active pid ns;
 *                               0 when it has no pid there
 *   peer-groups <pid>,<pid>...  (host agent) text: the distinct peer-group ids
 *                               (shared:/master:/propagate_from:) of those
 *                               pids' /proc/<pid>/mountinfo, space-separated
 *   mkdir <path>                mkdir(path, 0755)
 * Cgroup requests (<rel> is a path relative to the run's cgroup, "." for it,
 * never absolute and never with ".."; see "Cgroups" below):
 *   clone-into <flags> <rel>    open <rel> O_PATH, clone3 with CLONE_INTO_CGROUP
 *   cg-mkdir <rel> | cg-rmdir <rel>
 *   cg-write <rel> <data>       <rel>/cgroup.procs: open O_WRONLY, one write(2)
 *   cg-read <rel>               <rel>/cgroup.procs as text
 *   cg-open <rel> <name>        open <rel> O_RDONLY|O_DIRECTORY, kept as <name>
 *   cg-mkdirat <name> <dir>     mkdirat(kept fd <name>, <dir>, 0755): one component,
 *                               and only in a directory of the cgroup2 file system
 *   clone-into-fd <flags> <name> clone3 with CLONE_INTO_CGROUP and the kept fd <name>
 *   mount <src> <dst> <fstype> <flags>
 *                               mount(2), no data; an empty src or fstype is NULL
 *   umount <path> <flags>       umount2(2)
 *   touch <path>                open(O_WRONLY|O_CREAT, 0644), close
 *   chown <path> <uid> <gid>    chown(2) (never on a file system of the host)
 *   owner <path>                stat(2): text "uid=<st_uid> gid=<st_gid>"
 *   stat <path>                 stat(2): ok or errno
 *   chdir <path> | chroot <path>
 *   pivot-root <new> <old>      pivot_root(2)
 *   readlink <path>             text: the link
 *   listdir <path>              text: the names in a directory, one a line
 *   mountinfo [<path>]          text: the mount id of path (statx STATX_MNT_ID;
 *                               0 for an empty path), a newline, then the
 *                               caller's /proc/self/mountinfo
 *   pin <nsfile> <path>         open the ns file, create path (O_EXCL), bind-mount
 *                               the open ns file on it (path removed on failure)
 *   nspath <path>               open + NS_GET_NSTYPE + NS_GET_ID (ENOTTY: EINVAL)
 *
 * Network requests (rtnetlink over a NETLINK_ROUTE socket made for the
 * request, in the caller's current net namespace; see "Network" below):
 *   links                       text: the names of the links, one a line
 *   link <dev>                  text "<ifindex> <ifi_flags>" (RTM_GETLINK)
 *   veth <name> <peer>          RTM_NEWLINK kind veth, NLM_F_CREATE|NLM_F_EXCL
 *   link-netns <dev> <nsfile>   open the ns file, RTM_NEWLINK IFLA_NET_NS_FD
 *   link-netns-pid <dev> <pid>  RTM_NEWLINK IFLA_NET_NS_PID
 *   link-set <dev> <0|1>        RTM_NEWLINK ifi_change IFF_UP
 *   link-del <dev>              RTM_DELLINK
 *   addr-add <dev> <addr> <prefix|-1>
 *                               RTM_NEWADDR, NLM_F_CREATE|NLM_F_EXCL (IPv6: NODAD)
 *   addrs <dev>                 text: "<addr>/<prefix>" lines, no IPv6 link-local
 *   route-add-default <gw>      RTM_NEWROUTE, main table, NLM_F_CREATE|NLM_F_EXCL
 *   routes                      text: the IPv4 unicast routes of the main table
 *   link-oper <dev>             int: IFLA_OPERSTATE of the link
 *   link-mtu <dev> <mtu>        RTM_NEWLINK with IFLA_MTU
 *   addr-del <dev> <addr> <prefix|-1>
 *                               RTM_DELADDR, IFA_LOCAL and IFA_ADDRESS
 *   route-add-via <dst> <len> <gw> | route-add-dev <dst> <len> <dev>
 *                               RTM_NEWROUTE, main table, NLM_F_CREATE|NLM_F_EXCL
 *   route-del <dst> <len>       RTM_DELROUTE, main table
 *   route-change-dev <dst> <len> <dev>
 *                               RTM_NEWROUTE, main table, NLM_F_REPLACE alone
 *   route-get <addr>            text: "<type> <dev> <gateway|-> <prefsrc|->"
 *   routes-local                text: "<type> <dst>/<len> <dev>" lines of the local
 *                               table (a strict dump: ENOENT without one)
 *   nsid-set <nsfile> <nsid> | nsid <nsfile> | nsids
 *                               RTM_NEWNSID; RTM_GETNSID (int, -1: none); its dump
 *   sock-bind tcp|udp <port> <name> <addr>   socket + bind, kept as <name>
 *   sock-listen <name> | sock-accept <name> <new> | sock-send <name> <text>
 *   sock-recv <name> | sock-connect tcp|udp <addr> <port> <name> | sockns <name>
 *   net-settle                  int: links whose peer's namespace is dying, and ids naming one
 *   rcu-sync                    (any agent) membarrier(MEMBARRIER_CMD_GLOBAL)
 * A network request in the host agent or in the host's net namespace answers
 *             <id> refused <text>
 *
 * Paths under /proc/ in ns, setns-path, open, write, read, pin and nspath go
 * through the world's procfs, opened by init at its start (at_proc), so they
 * work after a chroot or pivot_root too. The requests that change mounts or
 * files (mkdir, mount, umount, touch, pivot-root, pin) answer
 *             <id> refused <text>
 * instead of running when the caller is in the host agent's mount namespace;
 * so do mkdir, touch and pin when the file would be made on a file system
 * the host had mounted at start, and a umount (not lazy) of the caller's root
 * mount (it would remount the host's root file system read-only).
 *
 * Usage: nsproxy-agent            host agent (requests on stdin)
 *        nsproxy-agent --probe    build a world and drop it; print "ok", or one
 *                                 line saying why the agent cannot run here, and exit
 *        nsproxy-agent --probe-userns-proc
 *                                 whether a user namespace other than the initial
 *                                 one may mount a new proc here: print "ok", or the
 *                                 errno name of that mount (EPERM where the host's
 *                                 /proc is not fully visible, as in a container)
 */
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <sys/statfs.h>
#include <limits.h>
#include <poll.h>
#include <arpa/inet.h>
#include <linux/capability.h>
#include <linux/ioctl.h>
#include <linux/membarrier.h>
#include <linux/net_namespace.h>
#include <linux/netlink.h>
#include <linux/rtnetlink.h>
#include <linux/sockios.h>
#include <linux/types.h>
#include <linux/veth.h>
#include <net/if.h>
#include <netinet/in.h>
#include <sched.h>
#include <signal.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/mman.h>
#include <sys/ipc.h>
#include <sys/mount.h>
#include <sys/msg.h>
#include <sys/prctl.h>
#ifndef PR_CAP_AMBIENT
#define PR_CAP_AMBIENT 47
#define PR_CAP_AMBIENT_IS_SET 1
#define PR_CAP_AMBIENT_RAISE 2
#define PR_CAP_AMBIENT_LOWER 3
#define PR_CAP_AMBIENT_CLEAR_ALL 4
#endif
#include <sys/resource.h>
#include <sys/sem.h>
#include <sys/shm.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <sys/sysmacros.h>
#include <sys/utsname.h>
#include <sys/wait.h>
#include <time.h>
#include <dirent.h>
#include <unistd.h>

/* nsfs ioctls (include/uapi/linux/nsfs.h); the system headers may predate 6.18. */
#define NSIO 0xb7
#ifndef NS_GET_USERNS
#define NS_GET_USERNS _IO(NSIO, 0x1)
#endif
#ifndef NS_GET_PARENT
#define NS_GET_PARENT _IO(NSIO, 0x2)
#endif
#ifndef NS_GET_NSTYPE
#define NS_GET_NSTYPE _IO(NSIO, 0x3)
#endif
#ifndef NS_GET_OWNER_UID
#define NS_GET_OWNER_UID _IO(NSIO, 0x4)
#endif
#ifndef NS_GET_PID_IN_PIDNS
#define NS_GET_PID_IN_PIDNS _IOR(NSIO, 0x8, int)
#endif
#ifndef NS_GET_ID
#define NS_GET_ID _IOR(NSIO, 13, __u64)
#endif
#ifndef CLONE_NEWTIME
#define CLONE_NEWTIME 0x00000080
#endif
#ifndef SIOCGSKNS
#define SIOCGSKNS 0x894C
#endif
#ifndef CGROUP2_SUPER_MAGIC
#define CGROUP2_SUPER_MAGIC 0x63677270
#endif
#ifndef CLONE_NEWCGROUP
#define CLONE_NEWCGROUP 0x02000000
#endif

/* The world's mount point. Nothing is created in the host's file system:
   init mounts a tmpfs over /tmp in its own, private mount namespace and makes
   the directory there (setup_world). */
#define NSS_PARENT "/tmp"
#define NSS_DIR "/tmp/nss"

/* The namespaces of the world (all but user), as the driver's INIT_FLAGS. */
#define WORLD_FLAGS                                                                                  \
  (CLONE_NEWCGROUP | CLONE_NEWIPC | CLONE_NEWNS | CLONE_NEWNET | CLONE_NEWPID | CLONE_NEWTIME | \
   CLONE_NEWUTS)

#define IN_CHUNK 65536   /* what one read(2) of requests asks for; a line may be any length */
#define MAX_TOKENS 16
#define MAX_OUT 4000     /* longest response line (< PIPE_BUF, so atomic) */
#define MAX_FDS 256      /* kept fds per task */

/* ------------------------------------------------------------------------- */
/* State. A child made by clone(2) gets a copy of all of it, like fork.       */

static int host_pidfd = -1;         /* host agent and init: a pidfd of the host agent */
static int world_init;              /* this agent is the world's init */
static ino_t host_pid_ino;          /* the host agent's pid namespace: no kill(-1) from there (in_host_pidns) */
/* The signals whose handler (`sigaction <sig> handle`) ran since the last
   `caught`: the process's (its threads share it), empty in a new child (child_start). */
static volatile sig_atomic_t caught_sigs[65];
static int proc_fd = -1;            /* tasks: the world's procfs (init's /proc, opened O_PATH at its start) */
static int cg_fd = -1;              /* tasks: the run's cgroup (O_PATH directory, init's cgroup namespace root), inherited */
static dev_t host_mnt_dev;          /* the host agent's mount namespace (never a mount op there) */
static ino_t host_mnt_ino;
static dev_t *host_devs;            /* the devices of every file system the host had mounted at start */
static size_t n_host_devs;          /* (no file is ever created on one: see on_host_fs) */

/* Kept fds, named by the scenario. Copied into children with the fd table. */
static struct kept {
  char *name; /* NULL: a free slot; a name of any length (heap, copied into children) */
  int fd;
} kept_main[MAX_FDS];

/*
 * A request channel: what one agent thread reads its requests from, and its
 * kept fds. A process's first thread uses main_chan; a thread made by the
 * `thread` request (op_thread) has its own, in the memory it shares with its
 * process, and its own fd table (no CLONE_FILES). `cur` is the channel of the
 * thread handling the current request: the driver sends one request at a
 * time, so one thread at a time runs a request (serve sets it first).
 */
struct chan {
  int fd;               /* where this agent reads its requests */
  int keep;             /* the write side of its request pipe, kept so that a read never sees EOF */
  char *buf;            /* bytes read but not yet handled (grows: a request line has no length limit) */
  size_t len, cap;
  char *line;           /* the request being handled */
  size_t linecap;
  struct kept *kept;    /* MAX_FDS slots */
};
static struct chan main_chan = {.fd = 0, .keep = -1, .kept = kept_main};
static struct chan *cur = &main_chan;
static struct kept *kept = kept_main; /* cur->kept */
#define cmd_fd (cur->fd)
#define cmd_keep (cur->keep)
#define inlen (cur->len)

/* ------------------------------------------------------------------------- */
/* Output.                                                                    */

static const char *errname(int e) {
  static char buf[16];
  const char *s = strerrorname_np(e);
  if (s) return s;
  snprintf(buf, sizeof buf, "E%d", e);
  return buf;
}

/* Write one response line with a single write(2). */
static void emit(const char *line, size_t len) {
  while (write(1, line, len) < 0 && errno == EINTR) {
  }
}

static int reply(const char *id, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
static int reply(const char *id, const char *fmt, ...) {
  char line[MAX_OUT + 96];
  int n = snprintf(line, sizeof line, "%s ", id);
  va_list ap;
  va_start(ap, fmt);
  n += vsnprintf(line + n, sizeof line - (size_t)n - 1, fmt, ap);
  va_end(ap);
  if ((size_t)n > sizeof line - 2) n = (int)sizeof line - 2;
  line[n++] = '\n';
  emit(line, (size_t)n);
  return 0;
}

static int reply_ok(const char *id) { return reply(id, "ok"); }
static int reply_err(const char *id, int e) { return reply(id, "err %s", errname(e)); }
static int reply_int(const char *id, long long v) { return reply(id, "int %lld", v); }

static int needs_escape(unsigned char c) { return c <= 0x20 || c >= 0x7f || c == '%'; }

/* A text of any length: as many `part` lines as needed, then one `text` line. */
static int reply_text(const char *id, const char *data, size_t len) {
  static const char hex[] = "0123456789ABCDEF";
  size_t pos = 0;
  do {
    char enc[MAX_OUT];
    size_t n = 0;
    while (pos < len && n + 3 < MAX_OUT - 64) {
      unsigned char c = (unsigned char)data[pos++];
      if (needs_escape(c) && c != ' ') {
        enc[n++] = '%';
        enc[n++] = hex[c >> 4];
        enc[n++] = hex[c & 15];
      } else {
        enc[n++] = (char)c; /* spaces may stay: a text runs to the end of the line */
      }
    }
    enc[n] = '\0';
    reply(id, "%s %s", pos < len ? "part" : "text", enc);
  } while (pos < len);
  return 0;
}

static int reply_textz(const char *id, const char *s) { return reply_text(id, s, strlen(s)); }

/* ------------------------------------------------------------------------- */
/* Small helpers.                                                             */

static int hexval(char c) {
  if (c >= '0' && c <= '9') return c - '0';
  if (c >= 'a' && c <= 'f') return c - 'a' + 10;
  if (c >= 'A' && c <= 'F') return c - 'A' + 10;
  return -1;
}

/* Decode %XX in place; returns the decoded length (data may hold NUL bytes). */
static size_t pct_decode(char *s) {
  char *out = s;
  for (char *p = s; *p; p++) {
    if (p[0] == '%' && hexval(p[1]) >= 0 && hexval(p[2]) >= 0) {
      *out++ = (char)(hexval(p[1]) * 16 + hexval(p[2]));
      p += 2;
    } else {
      *out++ = *p;
    }
  }
  *out = '\0';
  return (size_t)(out - s);
}

static long long num(const char *s) { return strtoll(s, NULL, 0); }

static const char *type_name(int nstype) {
  switch (nstype) {
    case CLONE_NEWCGROUP: return "cgroup";
    case CLONE_NEWIPC: return "ipc";
    case CLONE_NEWNS: return "mnt";
    case CLONE_NEWNET: return "net";
    case CLONE_NEWPID: return "pid";
    case CLONE_NEWTIME: return "time";
    case CLONE_NEWUSER: return "user";
    case CLONE_NEWUTS: return "uts";
    default: return NULL;
  }
}

static struct kept *find_kept(const char *name) {
  for (int i = 0; i < MAX_FDS; i++)
    if (kept[i].name && strcmp(kept[i].name, name) == 0) return &kept[i];
  return NULL;
}

/* Keep fd under name; a name already held is replaced (its old fd closed). */
static int keep_fd(const char *name, int fd) {
  struct kept *k = find_kept(name);
  if (k) {
    close(k->fd);
    k->fd = fd;
    return 0;
  }
  for (int i = 0; i < MAX_FDS; i++) {
    if (!kept[i].name) {
      kept[i].name = strdup(name);
      if (!kept[i].name) break;
      kept[i].fd = fd;
      return 0;
    }
  }
  close(fd);
  return -1;
}

/* Answer with the namespace an nsfs fd refers to. */
static int reply_ns_of_fd(const char *id, int fd) {
  int t = ioctl(fd, NS_GET_NSTYPE);
  if (t < 0) return reply_err(id, errno);
  __u64 nsid = 0;
  if (ioctl(fd, NS_GET_ID, &nsid) < 0) return reply_err(id, errno);
  const char *name = type_name(t);
  if (name) return reply(id, "ns %s %llu", name, (unsigned long long)nsid);
  return reply(id, "ns 0x%x %llu", t, (unsigned long long)nsid);
}

/*
 * Paths under /proc/ that the driver makes (a task's ns files, maps, status)
 * go through the world's procfs, opened by init when the world is built: so
 * they work the same after a chroot or pivot_root that leaves /proc out of the
 * caller's root ("Open" means through the initial procfs). The host agent has
 * no proc_fd and uses its own /proc.
 */
static int at_proc(const char **path) {
  if (proc_fd >= 0 && strncmp(*path, "/proc/", 6) == 0 && (*path)[6] != '\0') {
    *path += 6;
    return proc_fd;
  }
  return AT_FDCWD;
}

static int open_proc(const char *path, int flags) {
  int dir = at_proc(&path);
  return openat(dir, path, flags);
}

/* Read a whole (small) file; returns its length or -errno. */
static ssize_t read_file(const char *path, char *buf, size_t cap) {
  int fd = open_proc(path, O_RDONLY | O_CLOEXEC);
  if (fd < 0) return -errno;
  size_t len = 0;
  for (;;) {
    ssize_t n = read(fd, buf + len, cap - len);
    if (n < 0) {
      if (errno == EINTR) continue;
      int e = errno;
      close(fd);
      return -e;
    }
    if (n == 0 || len + (size_t)n >= cap) {
      len += (size_t)n;
      break;
    }
    len += (size_t)n;
  }
  close(fd);
  return (ssize_t)len;
}

/* Read a whole file of any size, opened with that access mode (O_RDONLY but
   for the map files' EBADF), into a new buffer (NUL-terminated); returns its
   length, or -errno. *out is NULL on failure. */
static ssize_t read_all_mode(const char *path, int accmode, char **out) {
  *out = NULL;
  int fd = open_proc(path, accmode | O_CLOEXEC);
  if (fd < 0) return -errno;
  size_t len = 0, cap = 8192;
  char *buf = malloc(cap);
  if (!buf) {
    close(fd);
    return -ENOMEM;
  }
  for (;;) {
    if (len + 1 >= cap) {
      char *p = realloc(buf, cap * 2);
      if (!p) {
        free(buf);
        close(fd);
        return -ENOMEM;
      }
      buf = p;
      cap *= 2;
    }
    ssize_t n = read(fd, buf + len, cap - len - 1);
    if (n < 0) {
      if (errno == EINTR) continue;
      int e = errno;
      free(buf);
      close(fd);
      return -e;
    }
    if (n == 0) break;
    len += (size_t)n;
  }
  close(fd);
  buf[len] = '\0';
  *out = buf;
  return (ssize_t)len;
}

static ssize_t read_all(const char *path, char **out) { return read_all_mode(path, O_RDONLY, out); }

/* ------------------------------------------------------------------------- */
/* Task creation.                                                             */

/*
 * Keeps init dying with the host agent. The kernel clears PR_SET_PDEATHSIG on
 * every change of credentials (commit_creds: a new uid, gid, capability set
 * or user namespace), so init sets it again after every request that can
 * change them; and since the host agent may have died before that (with no
 * signal for init, which would then outlive the run), it looks at the host
 * agent's pidfd afterwards and exits if it is gone. Init's exit ends its pid
 * namespace, which holds every other task. Other agents: nothing to do.
 */
static int rearm_pdeathsig(void) {
  if (!world_init) return 0;
  if (prctl(PR_SET_PDEATHSIG, SIGKILL) < 0) return -1;
  if (host_pidfd >= 0) {
    struct pollfd p = {.fd = host_pidfd, .events = POLLIN};
    if (poll(&p, 1, 0) != 0) _exit(137); /* the host agent is gone (or the pidfd is unusable) */
  }
  return 0;
}

/* The world of scenario-format.md, set up by `init` right after its clone. */
static int setup_world(const char **what) {
  /* If the host agent dies (the driver went away), init dies, and with it its
     whole pid namespace. Not inherited by children, so no task but init has it. */
  world_init = 1;
  *what = "prctl(PR_SET_PDEATHSIG)";
  if (rearm_pdeathsig() < 0) return -1;
  *what = "make / rprivate";
  if (mount(NULL, "/", NULL, MS_REC | MS_PRIVATE, NULL) < 0) return -1;
  /* Over /tmp in this private mount namespace, so /tmp/nss needs nothing of
     the host's /tmp (a file of that name there does not matter). */
  *what = "mount tmpfs " NSS_PARENT;
  if (mount("tmpfs", NSS_PARENT, "tmpfs", 0, "mode=0755") < 0) return -1;
  *what = "make " NSS_PARENT " private";
  if (mount(NULL, NSS_PARENT, NULL, MS_PRIVATE, NULL) < 0) return -1;
  *what = "mkdir " NSS_DIR;
  if (mkdir(NSS_DIR, 0755) < 0) return -1;
  *what = "mount tmpfs " NSS_DIR;
  if (mount("tmpfs", NSS_DIR, "tmpfs", 0, NULL) < 0) return -1;
  *what = "make " NSS_DIR " private";
  if (mount(NULL, NSS_DIR, NULL, MS_PRIVATE, NULL) < 0) return -1;
  *what = "sethostname";
  if (sethostname("nsproxy", 7) < 0) return -1;
  *what = "setdomainname";
  if (setdomainname("(none)", 6) < 0) return -1;
  *what = "chdir /";
  if (chdir("/") < 0) return -1;
  return 0;
}

/* Set right before a clone with CLONE_FILES (so the child's copy has it too). */
static int clone_shares_files;

/* The first steps of a new task: take its own request pipe, report its host pid. */
static int child_start(const char *id, const int pipefd[2], int world) {
  const char *what = "take the request pipe";
  /* The parent's request pipe came along with the fork: not ours. With
     CLONE_FILES the fd table is the parent's own, so nothing of it is closed. */
  int shared = clone_shares_files;
  clone_shares_files = 0;
  if (!shared && cmd_fd != pipefd[0]) close(cmd_fd);
  if (!shared && cmd_keep >= 0) close(cmd_keep);
  cmd_fd = pipefd[0];
  cmd_keep = pipefd[1];
  inlen = 0; /* requests buffered for the parent are not ours */
  memset((void *)caught_sigs, 0, sizeof caught_sigs); /* the parent's handlers ran in the parent */
  world_init = 0;
  if (!world && host_pidfd >= 0) { /* only init watches the host agent */
    if (!shared) close(host_pidfd);
    host_pidfd = -1;
  }
  if (world && setup_world(&what) < 0) goto fail;
  /* The world's procfs, for every task (children inherit the fd): see at_proc. */
  what = "open /proc";
  if (world && (proc_fd = open("/proc", O_PATH | O_DIRECTORY | O_CLOEXEC)) < 0) goto fail;
  /* The world's tasks get a process group of their own, led by init, whose
     parent (the host agent) is in another group of the same session: so the
     group is never orphaned, and SIGTSTP, SIGTTIN and SIGTTOU stop a task as
     SIGSTOP does, whatever session the driver runs in (the kernel discards
     them in an orphaned group: kernel/signal.c get_signal). */
  what = "setpgid";
  if (world && setpgid(0, 0) < 0) goto fail;
  /* /proc is the host's procfs, so /proc/self names our pid in the host pid ns
     (read through proc_fd: the task that cloned may be chrooted). */
  char self[32];
  ssize_t n = proc_fd >= 0 ? readlinkat(proc_fd, "self", self, sizeof self - 1) : readlink("/proc/self", self, sizeof self - 1);
  what = "readlink /proc/self";
  if (n < 0) goto fail;
  self[n] = '\0';
  return reply(id, "born %s %d", self, cmd_fd);
fail:
  reply(id, "fail %s %s", errname(errno), what);
  _exit(127);
}

/* struct clone_args of clone3(2), first version (CLONE_ARGS_SIZE_VER0, 64 bytes). */
struct clone_args_v0 {
  __u64 flags, pidfd, child_tid, parent_tid, exit_signal, stack, stack_size, tls;
};

/* struct clone_args with the cgroup field (CLONE_ARGS_SIZE_VER2, 88 bytes). */
struct clone_args_v2 {
  __u64 flags, pidfd, child_tid, parent_tid, exit_signal, stack, stack_size, tls, set_tid, set_tid_size, cgroup;
};
#ifndef CLONE_INTO_CGROUP
#define CLONE_INTO_CGROUP 0x200000000ULL
#endif

/*
 * clone(2) with namespace flags and fork semantics: no CLONE_VM, and the child
 * runs on a copy of our stack. The exit signal is SIGCHLD, which every agent
 * ignores, so the kernel reaps a child as soon as it exits.
 *
 * Through clone3(2): the legacy clone(2) takes the exit signal from the low
 * byte of its flags (CSIGNAL, 0xff), and CLONE_NEWTIME is 0x80, inside that
 * byte. clone(CLONE_NEWTIME|SIGCHLD) creates no time namespace: it sets the
 * exit signal to 0x91, an invalid signal, so the parent gets no signal and
 * the child is never auto-reaped. clone3 has a separate exit_signal field.
 */
static long clone_task(unsigned long flags) {
#ifdef SYS_clone3
  struct clone_args_v0 args;
  memset(&args, 0, sizeof args);
  args.flags = flags;
  /* clone3 refuses an exit signal with CLONE_PARENT or CLONE_THREAD (clone3_args_valid):
     the child then gets its creator's (copy_process), as clone(2) does whatever it was given. */
  args.exit_signal = (flags & (CLONE_PARENT | CLONE_THREAD)) ? 0 : SIGCHLD;
  long pid = syscall(SYS_clone3, &args, sizeof args);
  if (pid >= 0 || errno != ENOSYS) return pid;
#endif
  if (flags & CLONE_NEWTIME) { /* not expressible with clone(2) */
    errno = EINVAL;
    return -1;
  }
  return syscall(SYS_clone, flags | SIGCHLD, 0L, 0L, 0L, 0L);
}

/* clone3(2) with CLONE_INTO_CGROUP: the child starts in the cgroup of the directory fd `dirfd`. */
static long clone_task_into(unsigned long flags, int dirfd) {
  struct clone_args_v2 args;
  memset(&args, 0, sizeof args);
  args.flags = (__u64)flags | CLONE_INTO_CGROUP;
  args.exit_signal = SIGCHLD;
  args.cgroup = (__u64)dirfd;
  return syscall(SYS_clone3, &args, sizeof args);
}

/* clone, or clone3 into the cgroup of `dirfd` (>= 0); the child closes its copy of dirfd. */
static int op_clone_in(const char *id, unsigned long flags, int world, int dirfd) {
  int p[2];
  if (pipe2(p, O_CLOEXEC) < 0) return reply_err(id, errno);
  /* CLONE_FILES (the `files` flag): parent and child share one fd table, so
     neither closes what the other uses: the parent keeps the child's request
     pipe open, as the child keeps the parent's. */
  int shared = (flags & CLONE_FILES) != 0;
  clone_shares_files = shared;
  long pid = dirfd >= 0 ? clone_task_into(flags, dirfd) : clone_task(flags);
  if (pid == 0) {
    if (dirfd >= 0 && dirfd != cg_fd && !shared) close(dirfd);
    return child_start(id, p, world);
  }
  clone_shares_files = 0;
  int e = errno;
  if (!(shared && pid > 0)) {
    close(p[0]);
    close(p[1]);
  }
  if (pid < 0) return reply_err(id, e);
  return reply_int(id, pid);
}

static int op_clone(const char *id, unsigned long flags, int world) { return op_clone_in(id, flags, world, -1); }

/* ------------------------------------------------------------------------- */
/* Cgroups. The driver makes the run's cgroup (<cgroup2 mount>/nsproxy-<pid>-<n>)
   and removes it after the run; the host agent opens it for spawn-init, which
   clones init into it with CLONE_INTO_CGROUP|CLONE_NEWCGROUP, and every task
   inherits that fd (cg_fd). A request names a cgroup relative to it, and the
   calls are *at() calls on it made by the acting task, so its credentials, pid
   namespace and cgroup namespace decide. No request reaches outside: a path is
   relative, without "..", and cgroup2 has no symlinks. */

/* A path relative to the run's cgroup: not absolute, no "..", or NULL. */
static const char *cg_rel(const char *rel) {
  if (cg_fd < 0 || rel[0] == '/' || rel[0] == '\0') return NULL;
  for (const char *p = rel; *p;) {
    const char *e = strchr(p, '/');
    size_t n = e ? (size_t)(e - p) : strlen(p);
    if (n == 2 && p[0] == '.' && p[1] == '.') return NULL;
    p += n;
    if (*p == '/') p++;
  }
  return rel;
}

#define CG_REL(id, rel)                                                                   \
  do {                                                                                    \
    if (cg_rel(rel) == NULL) return reply(id, "refused a cgroup path outside the run's cgroup"); \
  } while (0)

/* spawn-init with the run's cgroup: the host agent opens it and clones init into it. */
static int op_spawn_init(const char *id, unsigned long flags, const char *cgdir) {
  if (*cgdir == '\0') return op_clone(id, flags, 1);
  int fd = open(cgdir, O_PATH | O_DIRECTORY | O_CLOEXEC);
  if (fd < 0) return reply_err(id, errno);
  cg_fd = fd; /* inherited by init, and so by every task */
  long me = syscall(SYS_getpid);
  int r = op_clone_in(id, flags, 1, fd);
  if (syscall(SYS_getpid) != me) return r; /* the child (init) returns here too: it keeps the fd */
  close(fd);
  cg_fd = -1; /* the host agent keeps none */
  return r;
}

static int op_clone_into(const char *id, unsigned long flags, const char *rel) {
  CG_REL(id, rel);
  int fd = openat(cg_fd, rel, O_PATH | O_DIRECTORY | O_CLOEXEC);
  if (fd < 0) return reply_err(id, errno);
  long me = syscall(SYS_getpid);
  int r = op_clone_in(id, flags, 0, fd);
  if (syscall(SYS_getpid) != me) return r; /* the child returns here too, its copy already closed */
  close(fd);
  return r;
}

static int op_cg_mkdir(const char *id, const char *rel) {
  CG_REL(id, rel);
  return mkdirat(cg_fd, rel, 0755) < 0 ? reply_err(id, errno) : reply_ok(id);
}

static int op_cg_rmdir(const char *id, const char *rel) {
  CG_REL(id, rel);
  return unlinkat(cg_fd, rel, AT_REMOVEDIR) < 0 ? reply_err(id, errno) : reply_ok(id);
}

/* <rel>/cgroup.procs, opened as the actor. */
static int cg_procs(const char *rel, int flags) {
  char path[PATH_MAX];
  if (snprintf(path, sizeof path, "%s/cgroup.procs", rel) >= (int)sizeof path) {
    errno = ENAMETOOLONG;
    return -1;
  }
  return openat(cg_fd, path, flags | O_CLOEXEC);
}

static int op_cg_write(const char *id, const char *rel, const char *data, size_t len) {
  CG_REL(id, rel);
  int fd = cg_procs(rel, O_WRONLY);
  if (fd < 0) return reply_err(id, errno);
  ssize_t n = write(fd, data, len);
  int e = errno;
  close(fd);
  return n < 0 ? reply_err(id, e) : reply_ok(id);
}

/* <rel> opened O_RDONLY|O_DIRECTORY and kept as <name> (not O_CLOEXEC, like any kept fd). */
static int op_cg_open(const char *id, const char *rel, const char *name) {
  CG_REL(id, rel);
  int fd = openat(cg_fd, rel, O_RDONLY | O_DIRECTORY);
  if (fd < 0) return reply_err(id, errno);
  if (keep_fd(name, fd) < 0) return reply_err(id, EMFILE);
  return reply_ok(id);
}

/* mkdirat on a kept fd: one component, and only where the fd is a directory of the run's cgroup2 file system
   (another kept fd, an ns file or a socket, is not a directory: mkdirat answers ENOTDIR itself). */
static int op_cg_mkdirat(const char *id, const char *name, const char *dir) {
  struct kept *k = find_kept(name);
  if (!k) return reply_err(id, EBADF);
  if (dir[0] == '\0' || strchr(dir, '/') || strcmp(dir, ".") == 0 || strcmp(dir, "..") == 0) return reply(id, "refused a cgroup name that is not one path component");
  struct stat st, cg;
  if (fstat(k->fd, &st) < 0) return reply_err(id, errno);
  if (S_ISDIR(st.st_mode) && (cg_fd < 0 || fstat(cg_fd, &cg) < 0 || cg.st_dev != st.st_dev)) return reply(id, "refused a directory outside the run's cgroup");
  return mkdirat(k->fd, dir, 0755) < 0 ? reply_err(id, errno) : reply_ok(id);
}

/* clone3 with CLONE_INTO_CGROUP and a kept fd, whatever file it is (the kernel checks it). The child keeps its
   copy of the kept fd: clone goes through a duplicate, which each side closes. */
static int op_clone_into_fd(const char *id, unsigned long flags, const char *name) {
  struct kept *k = find_kept(name);
  if (!k) return reply_err(id, EBADF);
  int fd = fcntl(k->fd, F_DUPFD_CLOEXEC, 0);
  if (fd < 0) return reply_err(id, errno);
  long me = syscall(SYS_getpid);
  int r = op_clone_in(id, flags, 0, fd);
  if (syscall(SYS_getpid) != me) return r; /* the child returns here too, its copy of the duplicate closed */
  close(fd);
  return r;
}

static int op_cg_read(const char *id, const char *rel) {
  CG_REL(id, rel);
  int fd = cg_procs(rel, O_RDONLY);
  if (fd < 0) return reply_err(id, errno);
  char buf[MAX_OUT / 2];
  size_t len = 0;
  ssize_t n = 0;
  while (len < sizeof buf && (n = read(fd, buf + len, sizeof buf - len)) > 0) len += (size_t)n;
  int e = errno;
  close(fd);
  if (n < 0) return reply_err(id, e);
  return reply_text(id, buf, len);
}

/* ------------------------------------------------------------------------- */
/* Ops.                                                                       */

static int op_ns(const char *id, const char *path) {
  char link[256];
  const char *rel = path;
  int dir = at_proc(&rel);
  if (readlinkat(dir, rel, link, sizeof link) < 0) return reply_err(id, errno);
  int fd = open_proc(path, O_RDONLY | O_CLOEXEC);
  if (fd < 0) return reply_err(id, errno);
  reply_ns_of_fd(id, fd);
  close(fd);
  return 0;
}

static int op_setns_path(const char *id, const char *path, int nstype) {
  int fd = open_proc(path, O_RDONLY | O_CLOEXEC);
  if (fd < 0) return reply_err(id, errno);
  int r = setns(fd, nstype);
  int e = errno;
  close(fd);
  rearm_pdeathsig(); /* setns of a user namespace changes credentials */
  if (r < 0) return reply_err(id, e);
  return reply_ok(id);
}

static int op_setns_pid(const char *id, pid_t pid, int flags) {
  int fd = (int)syscall(SYS_pidfd_open, pid, 0);
  if (fd < 0) return reply_err(id, errno);
  int r = setns(fd, flags);
  int e = errno;
  close(fd);
  rearm_pdeathsig();
  if (r < 0) return reply_err(id, e);
  return reply_ok(id);
}

static int op_open(const char *id, const char *path, const char *name, int accmode) {
  int fd = open_proc(path, accmode & O_ACCMODE); /* no O_CLOEXEC: like any fd, kept across exec too */
  if (fd < 0) return reply_err(id, errno);
  if (keep_fd(name, fd) < 0) return reply_err(id, EMFILE);
  return reply_ok(id);
}

static int op_setns_fd(const char *id, const char *name, int nstype) {
  struct kept *k = find_kept(name);
  if (!k) return reply_err(id, EBADF);
  if (nstype == -1) {
    nstype = ioctl(k->fd, NS_GET_NSTYPE);
    if (nstype < 0) return reply_err(id, errno);
  }
  int r = setns(k->fd, nstype), e = errno;
  rearm_pdeathsig();
  if (r < 0) return reply_err(id, e);
  return reply_ok(id);
}

static int op_close(const char *id, const char *name) {
  struct kept *k = find_kept(name);
  /* A name not held is closed as fd -1, never open: the kernel's EBADF (file_close_fd). */
  if (!k) return close(-1) < 0 ? reply_err(id, errno) : reply_ok(id);
  int r = close(k->fd);
  int e = errno;
  free(k->name);
  k->name = NULL;
  k->fd = -1;
  if (r < 0) return reply_err(id, e);
  return reply_ok(id);
}

/* ------------------------------------------------------------------------- */
/* Signals: the sigaction, caught, pidfd-open, pidfd-send and wait ops.       */

static void note_signal(int sig) {
  if (sig > 0 && sig < 65) caught_sigs[sig] = 1;
}

#if defined(__x86_64__)
/* rt_sigreturn, for the handlers the raw rt_sigaction below installs (SA_RESTORER, as libc's __restore_rt). */
void nsp_restore_rt(void);
__asm__(".text\n.align 16\nnsp_restore_rt:\n\tmovq $15, %rax\n\tsyscall\n");
#define NSP_SA_RESTORER 0x04000000UL
#endif

/* struct k_sigaction as rt_sigaction(2) takes it (x86_64: handler, flags, restorer, mask). */
struct nsp_sigaction {
  void (*handler)(int);
  unsigned long flags;
  void (*restorer)(void);
  unsigned long mask;
};

/* sigaction <sig> default|ignore|handle: rt_sigaction(2) itself, so that
   every number reaches the kernel (libc refuses 32 and 33, its own, first). */
static int op_sigaction(const char *id, int sig, const char *how) {
  struct nsp_sigaction act;
  memset(&act, 0, sizeof act);
  act.handler = strcmp(how, "handle") == 0 ? note_signal : strcmp(how, "ignore") == 0 ? SIG_IGN : SIG_DFL;
  act.flags = SA_RESTART; /* a handler that runs while the agent waits for a request: read again */
#if defined(__x86_64__)
  act.flags |= NSP_SA_RESTORER;
  act.restorer = nsp_restore_rt;
#endif
  return syscall(SYS_rt_sigaction, sig, &act, NULL, sizeof act.mask) < 0 ? reply_err(id, errno) : reply_ok(id);
}

/* caught: the numbers noted since the last caught, blank-separated ("-": none); noted again from now. */
static int op_caught(const char *id) {
  char buf[512];
  size_t len = 0;
  buf[0] = '\0';
  for (int sig = 1; sig < 65; sig++) {
    if (!caught_sigs[sig]) continue;
    caught_sigs[sig] = 0;
    len += (size_t)snprintf(buf + len, sizeof buf - len, "%s%d", len ? " " : "", sig);
  }
  return reply_textz(id, len ? buf : "-");
}

static int op_pidfd_open(const char *id, pid_t pid, const char *name, unsigned int flags) {
  int fd = (int)syscall(SYS_pidfd_open, pid, flags);
  if (fd < 0) return reply_err(id, errno);
  if (keep_fd(name, fd) < 0) return reply_err(id, EMFILE);
  return reply_ok(id);
}

/* pidfd-send <fd> <sig> <flags>: pidfd_send_signal(fd, sig, NULL, flags); a name not held is fd -1 (EBADF). */
static int op_pidfd_send(const char *id, const char *name, int sig, unsigned int flags) {
  struct kept *k = find_kept(name);
  return syscall(SYS_pidfd_send_signal, k ? k->fd : -1, sig, NULL, flags) < 0 ? reply_err(id, errno) : reply_ok(id);
}

/* wait <pid>: wait4(pid, NULL, WNOHANG, NULL): the pid reaped, 0 while no child has exited, or errno. */
static int op_wait(const char *id, pid_t pid) {
  long r = syscall(SYS_wait4, pid, NULL, WNOHANG, NULL);
  return r < 0 ? reply_err(id, errno) : reply_int(id, r);
}

/* Whether this task's pid namespace is the host agent's (unknown counts as yes). */
static int in_host_pidns(void) {
  int fd = open_proc("/proc/thread-self/ns/pid", O_RDONLY | O_CLOEXEC);
  if (fd < 0) return 1;
  struct stat st;
  int r = fstat(fd, &st);
  close(fd);
  return r < 0 || host_pid_ino == 0 || st.st_ino == host_pid_ino;
}

static int op_fdns(const char *id, const char *name) {
  struct kept *k = find_kept(name);
  if (!k) return reply_err(id, EBADF);
  return reply_ns_of_fd(id, k->fd);
}

/* fstat(2) of a kept fd; the runner labels the device and the inode number (transcript.ts formatFstat). */
static int op_fstat(const char *id, const char *name) {
  struct kept *k = find_kept(name);
  if (!k) return reply_err(id, EBADF);
  struct stat st;
  if (fstat(k->fd, &st) < 0) return reply_err(id, errno);
  char buf[128];
  snprintf(buf, sizeof buf, "dev=%u:%u ino=%llu mode=0%o size=%lld", major(st.st_dev), minor(st.st_dev), (unsigned long long)st.st_ino,
           (unsigned)st.st_mode, (long long)st.st_size);
  return reply_textz(id, buf);
}

/* The pid-translation requests (fs/nsfs.c ns_ioctl): the pid is the ioctl's argument itself. */
static const struct { const char *name; unsigned long cmd; } pid_ioctls[] = {
  {"NS_GET_PID_FROM_PIDNS", _IOR(NSIO, 0x6, int)},
  {"NS_GET_TGID_FROM_PIDNS", _IOR(NSIO, 0x7, int)},
  {"NS_GET_PID_IN_PIDNS", _IOR(NSIO, 0x8, int)},
  {"NS_GET_TGID_IN_PIDNS", _IOR(NSIO, 0x9, int)},
};

static int op_ioctl(const char *id, const char *name, const char *cmd, const char *newname) {
  struct kept *k = find_kept(name);
  if (!k) return reply_err(id, EBADF);
  for (size_t i = 0; i < sizeof pid_ioctls / sizeof pid_ioctls[0]; i++) {
    if (strcmp(cmd, pid_ioctls[i].name) != 0) continue;
    if (!newname) return reply_err(id, EINVAL);
    int r = ioctl(k->fd, pid_ioctls[i].cmd, (unsigned long)(pid_t)num(newname));
    return r < 0 ? reply_err(id, errno) : reply_int(id, r);
  }
  if (strcmp(cmd, "NS_GET_ID") == 0) {
    __u64 nsid = 0;
    if (ioctl(k->fd, NS_GET_ID, &nsid) < 0) return reply_err(id, errno);
    return reply_ns_of_fd(id, k->fd); /* the label is made of the id, with the type */
  }
  if (strcmp(cmd, "NS_GET_USERNS") == 0 || strcmp(cmd, "NS_GET_PARENT") == 0) {
    if (!newname) return reply_err(id, EINVAL);
    int fd = ioctl(k->fd, strcmp(cmd, "NS_GET_USERNS") == 0 ? NS_GET_USERNS : NS_GET_PARENT);
    if (fd < 0) return reply_err(id, errno);
    if (keep_fd(newname, fd) < 0) return reply_err(id, EMFILE);
    return reply_ok(id);
  }
  if (strcmp(cmd, "NS_GET_NSTYPE") == 0) {
    int t = ioctl(k->fd, NS_GET_NSTYPE);
    if (t < 0) return reply_err(id, errno);
    const char *tn = type_name(t);
    if (tn) return reply_textz(id, tn);
    char buf[32];
    snprintf(buf, sizeof buf, "0x%x", t);
    return reply_textz(id, buf);
  }
  if (strcmp(cmd, "NS_GET_OWNER_UID") == 0) {
    uid_t uid;
    if (ioctl(k->fd, NS_GET_OWNER_UID, &uid) < 0) return reply_err(id, errno);
    return reply_int(id, uid);
  }
  return reply_err(id, ENOTTY);
}

static int op_caps(const char *id) {
  struct __user_cap_header_struct hdr = {.version = _LINUX_CAPABILITY_VERSION_3, .pid = 0};
  struct __user_cap_data_struct data[2];
  memset(data, 0, sizeof data);
  if (syscall(SYS_capget, &hdr, data) < 0) return reply_err(id, errno);
  unsigned long long eff = ((unsigned long long)data[1].effective << 32) | data[0].effective;
  char buf[24];
  snprintf(buf, sizeof buf, "%016llx", eff); /* as /proc/self/status prints CapEff */
  return reply_textz(id, buf);
}

/* prctl <option> [<n>]: the capability and privilege controls of prctl(2),
   by name; <n> is arg2 (arg3 for PR_CAP_AMBIENT), an unsigned long. A read
   answers its int, a change ok. The credentials may change (commit_creds):
   init's parent-death signal is armed again. */
static int op_prctl(const char *id, const char *option, const char *arg) {
  unsigned long n = arg ? (unsigned long)num(arg) : 0;
  static const struct { const char *name; int option; unsigned long ambient; int reads; } options[] = {
    {"PR_GET_SECUREBITS", PR_GET_SECUREBITS, 0, 1},
    {"PR_SET_SECUREBITS", PR_SET_SECUREBITS, 0, 0},
    {"PR_GET_KEEPCAPS", PR_GET_KEEPCAPS, 0, 1},
    {"PR_SET_KEEPCAPS", PR_SET_KEEPCAPS, 0, 0},
    {"PR_GET_NO_NEW_PRIVS", PR_GET_NO_NEW_PRIVS, 0, 1},
    {"PR_SET_NO_NEW_PRIVS", PR_SET_NO_NEW_PRIVS, 0, 0},
    {"PR_CAPBSET_READ", PR_CAPBSET_READ, 0, 1},
    {"PR_CAPBSET_DROP", PR_CAPBSET_DROP, 0, 0},
    {"PR_CAP_AMBIENT_RAISE", PR_CAP_AMBIENT, PR_CAP_AMBIENT_RAISE, 0},
    {"PR_CAP_AMBIENT_LOWER", PR_CAP_AMBIENT, PR_CAP_AMBIENT_LOWER, 0},
    {"PR_CAP_AMBIENT_IS_SET", PR_CAP_AMBIENT, PR_CAP_AMBIENT_IS_SET, 1},
    {"PR_CAP_AMBIENT_CLEAR_ALL", PR_CAP_AMBIENT, PR_CAP_AMBIENT_CLEAR_ALL, 0},
    {"PR_GET_DUMPABLE", PR_GET_DUMPABLE, 0, 1},
    {"PR_SET_DUMPABLE", PR_SET_DUMPABLE, 0, 0},
  };
  for (size_t i = 0; i < sizeof options / sizeof options[0]; i++) {
    if (strcmp(option, options[i].name) != 0) continue;
    long r = options[i].option == PR_CAP_AMBIENT ? prctl(PR_CAP_AMBIENT, options[i].ambient, n, 0UL, 0UL)
                                                  : prctl(options[i].option, n, 0UL, 0UL, 0UL);
    int e = errno;
    rearm_pdeathsig();
    if (r < 0) return reply_err(id, e);
    return options[i].reads ? reply_int(id, r) : reply_ok(id);
  }
  return reply(id, "unknown prctl option");
}

/* capset <effective> <permitted> <inheritable>: capset(2), version 3, of the
   caller, each set 64 bits (the low and high words). */
static int op_capset(const char *id, unsigned long long eff, unsigned long long perm, unsigned long long inh) {
  struct __user_cap_header_struct hdr = {.version = _LINUX_CAPABILITY_VERSION_3, .pid = 0};
  struct __user_cap_data_struct data[2];
  memset(data, 0, sizeof data);
  data[0].effective = (__u32)eff;
  data[1].effective = (__u32)(eff >> 32);
  data[0].permitted = (__u32)perm;
  data[1].permitted = (__u32)(perm >> 32);
  data[0].inheritable = (__u32)inh;
  data[1].inheritable = (__u32)(inh >> 32);
  long r = syscall(SYS_capset, &hdr, data);
  int e = errno;
  rearm_pdeathsig();
  return r < 0 ? reply_err(id, e) : reply_ok(id);
}

static int in_host_netns(void);

/* Whether kernel.pid_max is per pid namespace: Linux 6.14 or later. */
static int pid_max_per_ns(void) {
  struct utsname u;
  int major = 0, minor = 0;
  if (uname(&u) < 0 || sscanf(u.release, "%d.%d", &major, &minor) != 2) return 0;
  return major > 6 || (major == 6 && minor >= 14);
}

static int op_write(const char *id, const char *path, const char *data, size_t len, int accmode) {
  /* A net.* sysctl belongs to the writer's net namespace: never the host's. */
  if (strncmp(path, "/proc/sys/net/", 14) == 0 && in_host_netns())
    return reply(id, "refused to write a net sysctl in the host's network namespace");
  /* kernel.pid_max (per pid namespace since 6.14) and kernel.ns_last_pid belong to the
     writer's active pid namespace: never the host's (the world's are the run's own). */
  if ((strcmp(path, "/proc/sys/kernel/pid_max") == 0 || strcmp(path, "/proc/sys/kernel/ns_last_pid") == 0) && in_host_pidns())
    return reply(id, "refused to write a pid sysctl in the host's pid namespace");
  /* Before 6.14 kernel.pid_max was one value for the whole machine. */
  if (strcmp(path, "/proc/sys/kernel/pid_max") == 0 && !pid_max_per_ns())
    return reply(id, "refused to write kernel.pid_max: before Linux 6.14 it is the host's, not the pid namespace's");
  int fd = open_proc(path, accmode | O_CLOEXEC);
  if (fd < 0) return reply_err(id, errno);
  ssize_t n = write(fd, data, len); /* one write: a map is accepted once, whole */
  int e = errno;
  close(fd);
  if (n < 0) return reply_err(id, e);
  return reply_ok(id);
}

static int op_read(const char *id, const char *path, int accmode) {
  char *buf;
  ssize_t n = read_all_mode(path, accmode, &buf);
  if (n < 0) return reply_err(id, (int)-n);
  reply_text(id, buf, (size_t)n);
  free(buf);
  return 0;
}

/* setgroups(2) of the caller with that list ("-": none), as the raw system
   call (kernel/groups.c: may_setgroups EPERM, NGROUPS_MAX EINVAL, unmapped EINVAL). */
static int op_setgroups(const char *id, const char *list) {
  size_t count = 0;
  if (strcmp(list, "-") != 0) {
    count = 1;
    for (const char *p = list; *p; p++) count += *p == ',';
  }
  gid_t *gids = calloc(count ? count : 1, sizeof *gids);
  if (!gids) return reply_err(id, ENOMEM);
  const char *p = list;
  for (size_t i = 0; i < count; i++) {
    char *end;
    gids[i] = (gid_t)strtoul(p, &end, 10);
    p = end + 1;
  }
  long r = syscall(SYS_setgroups, (int)count, gids);
  int e = errno;
  free(gids);
  rearm_pdeathsig();
  return r < 0 ? reply_err(id, e) : reply_ok(id);
}

static int op_uname(const char *id, int domain) {
  struct utsname u;
  if (uname(&u) < 0) return reply_err(id, errno);
  return reply_textz(id, domain ? u.domainname : u.nodename);
}

static int op_ipcget(const char *id, const char *kind, key_t key, int flags, const char *size) {
  int r;
  if (strcmp(kind, "shm") == 0)
    r = shmget(key, size ? (size_t)num(size) : 4096, flags);
  else if (strcmp(kind, "msg") == 0)
    r = msgget(key, flags);
  else if (strcmp(kind, "sem") == 0)
    r = semget(key, size ? (int)num(size) : 1, flags);
  else
    return reply_err(id, EINVAL);
  if (r < 0) return reply_err(id, errno);
  return reply_int(id, r);
}

/* How many SysV objects of a kind the caller's ipc namespace holds: the
   *_INFO commands report the namespace's in_use count (ipc/{shm,msg,sem}.c). */
static int op_ipcs(const char *id, const char *kind) {
  if (strcmp(kind, "shm") == 0) {
    struct shm_info info;
    if (shmctl(0, SHM_INFO, (struct shmid_ds *)(void *)&info) < 0) return reply_err(id, errno);
    return reply_int(id, info.used_ids);
  }
  if (strcmp(kind, "msg") == 0) {
    struct msginfo info;
    if (msgctl(0, MSG_INFO, (struct msqid_ds *)(void *)&info) < 0) return reply_err(id, errno);
    return reply_int(id, info.msgpool);
  }
  if (strcmp(kind, "sem") == 0) {
    struct seminfo info;
    if (semctl(0, 0, SEM_INFO, &info) < 0) return reply_err(id, errno);
    return reply_int(id, info.semusz);
  }
  return reply_err(id, EINVAL);
}

/* shmctl/msgctl/semctl(id, cmd) with no buffer, through the raw system calls
   (glibc's wrappers may add IPC_64 or convert the buffer): IPC_RMID, or a
   command the kernel does not know (ksys_shmctl ...: the default case). */
static int op_ipcctl(const char *id, const char *kind, int ipcid, int cmd) {
  long r;
  if (strcmp(kind, "shm") == 0)
    r = syscall(SYS_shmctl, ipcid, cmd, NULL);
  else if (strcmp(kind, "msg") == 0)
    r = syscall(SYS_msgctl, ipcid, cmd, NULL);
  else if (strcmp(kind, "sem") == 0)
    r = syscall(SYS_semctl, ipcid, 0, cmd, 0UL);
  else
    return reply_err(id, EINVAL);
  return r < 0 ? reply_err(id, errno) : reply_ok(id);
}

/* IPC_RMID on an object of a kind (ipc/util.c ipcctl_obtain_check: EINVAL, EPERM). */
static int op_ipcrm(const char *id, const char *kind, int ipcid) {
  int r;
  if (strcmp(kind, "shm") == 0)
    r = shmctl(ipcid, IPC_RMID, NULL);
  else if (strcmp(kind, "msg") == 0)
    r = msgctl(ipcid, IPC_RMID, NULL);
  else if (strcmp(kind, "sem") == 0)
    r = semctl(ipcid, 0, IPC_RMID);
  else
    return reply_err(id, EINVAL);
  return r < 0 ? reply_err(id, errno) : reply_ok(id);
}

/* IPC_STAT: owner ids (as the caller's user ns shows them) and permission bits. */
static int op_ipcstat(const char *id, const char *kind, int ipcid) {
  struct ipc_perm *perm;
  struct shmid_ds shm;
  struct msqid_ds msq;
  struct semid_ds sem;
  int r;
  if (strcmp(kind, "shm") == 0) {
    r = shmctl(ipcid, IPC_STAT, &shm);
    perm = &shm.shm_perm;
  } else if (strcmp(kind, "msg") == 0) {
    r = msgctl(ipcid, IPC_STAT, &msq);
    perm = &msq.msg_perm;
  } else if (strcmp(kind, "sem") == 0) {
    r = semctl(ipcid, 0, IPC_STAT, &sem);
    perm = &sem.sem_perm;
  } else
    return reply_err(id, EINVAL);
  if (r < 0) return reply_err(id, errno);
  char buf[160];
  int n = snprintf(buf, sizeof buf, "uid=%u gid=%u mode=%o", (unsigned)perm->uid, (unsigned)perm->gid, (unsigned)(perm->mode & 0777));
  if (perm == &msq.msg_perm)
    snprintf(buf + n, sizeof buf - (size_t)n, " qbytes=%lu qnum=%lu cbytes=%lu", (unsigned long)msq.msg_qbytes,
             (unsigned long)msq.msg_qnum, (unsigned long)msq.__msg_cbytes);
  return reply_textz(id, buf);
}

/* Room for min(size, msgmax) bytes of text; msgmax is the caller's namespace's
   kernel.msgmax. msgsnd reads no more (a size above msgmax is EINVAL before
   any read), nor does MSG_COPY (it loads min(size, msgmax) bytes). */
static size_t msgbuf_room(long long size) {
  char b[32];
  ssize_t n = read_file("/proc/sys/kernel/msgmax", b, sizeof b - 1);
  long long max = INT_MAX;
  if (n > 0) {
    b[n] = '\0';
    max = strtoll(b, NULL, 10);
  }
  return size < 0 ? 0 : (size_t)(size < max ? size : max);
}

/* msgsnd(2) with IPC_NOWAIT: the model has no blocking (ipc/msg.c do_msgsnd). */
static int op_msgsnd(const char *id, int msqid, long mtype, long long size, const char *text, size_t tlen) {
  size_t room = msgbuf_room(size);
  char *buf = calloc(1, sizeof(long) + room + 1);
  if (!buf) return reply_err(id, ENOMEM);
  memcpy(buf, &mtype, sizeof mtype);
  memcpy(buf + sizeof(long), text, tlen < room ? tlen : room);
  int r = msgsnd(msqid, buf, (size_t)size, IPC_NOWAIT);
  int e = errno;
  free(buf);
  return r < 0 ? reply_err(id, e) : reply_ok(id);
}

/* msgrcv(2); the flags include IPC_NOWAIT (ipc/msg.c do_msgrcv). */
static int op_msgrcv(const char *id, int msqid, long long size, long msgtyp, int flags) {
  /* A message may be longer than today's msgmax, never than the queue's bytes. */
  size_t room = msgbuf_room(size);
  struct msqid_ds ds;
  if (size > 0 && msgctl(msqid, IPC_STAT, &ds) == 0) {
    size_t want = (unsigned long long)size < ds.__msg_cbytes ? (size_t)size : (size_t)ds.__msg_cbytes;
    if (want > room) room = want;
  }
  char *buf = calloc(1, sizeof(long) + room + 1);
  if (!buf) return reply_err(id, ENOMEM);
  ssize_t r = msgrcv(msqid, buf, (size_t)size, msgtyp, flags);
  int e = errno;
  if (r < 0) {
    free(buf);
    return reply_err(id, e);
  }
  long mtype;
  memcpy(&mtype, buf, sizeof mtype);
  const char *text = buf + sizeof(long);
  size_t tlen = strnlen(text, (size_t)r);
  char *out = malloc(tlen + 96);
  if (!out) {
    free(buf);
    return reply_err(id, ENOMEM);
  }
  int n = snprintf(out, 96, "mtype=%ld size=%zd%s", mtype, r, tlen ? " text=" : "");
  memcpy(out + n, text, tlen);
  int ret = reply_text(id, out, (size_t)n + tlen);
  free(out);
  free(buf);
  return ret;
}

/* semop(2) with operations "<num>:<op>,..." (or "-" for none), each with
   IPC_NOWAIT; sem_num and sem_op take the C types' values (ipc/sem.c). */
static int op_semop(const char *id, int semid, const char *list, int flags) {
  size_t nsops = 0;
  if (strcmp(list, "-") != 0) {
    nsops = 1;
    for (const char *p = list; *p; p++) nsops += *p == ',';
  }
  struct sembuf *sops = calloc(nsops ? nsops : 1, sizeof *sops);
  if (!sops) return reply_err(id, ENOMEM);
  const char *p = list;
  for (size_t i = 0; i < nsops; i++) {
    char *end;
    sops[i].sem_num = (unsigned short)strtol(p, &end, 10);
    sops[i].sem_op = (short)strtol(end + 1, &end, 10);
    sops[i].sem_flg = (short)(IPC_NOWAIT | flags);
    p = end + 1;
  }
  int r = semop(semid, sops, nsops);
  int e = errno;
  free(sops);
  return r < 0 ? reply_err(id, e) : reply_ok(id);
}

/* mq_open/mq_unlink with glibc's name rule (the name must start with '/',
   which is stripped) but the raw system calls, so the errnos are the kernel's:
   glibc's mq_unlink(3) would turn the EPERM of the sticky mqueue root into
   EACCES. No -lrt needed. */
static int op_mq_open(const char *id, const char *name, int oflag) {
  if (name[0] != '/') return reply_err(id, EINVAL);
  long fd = syscall(SYS_mq_open, name + 1, oflag | O_CLOEXEC, 0600, NULL);
  if (fd < 0) return reply_err(id, errno);
  close((int)fd);
  return reply_ok(id);
}

static int op_mq_unlink(const char *id, const char *name) {
  if (name[0] != '/') return reply_err(id, EINVAL);
  return syscall(SYS_mq_unlink, name + 1) < 0 ? reply_err(id, errno) : reply_ok(id);
}

/* The pid that `target` (a host pid) has in the active pid ns of `viewer`. */
static int op_pidin(const char *id, pid_t viewer, pid_t target) {
  char path[64];
  snprintf(path, sizeof path, "/proc/%d/ns/pid", (int)viewer);
  int fd = open(path, O_RDONLY | O_CLOEXEC);
  if (fd < 0) return reply_err(id, errno);
  int r = ioctl(fd, NS_GET_PID_IN_PIDNS, (unsigned long)target);
  int e = errno;
  close(fd);
  if (r < 0) {
    if (e == ESRCH) return reply_int(id, 0);
    return reply_err(id, e);
  }
  return reply_int(id, r);
}

/* ------------------------------------------------------------------------- */
/* Mounts. Every request that changes a mount or a file refuses to run in the */
/* host agent's mount namespace (a task that somehow entered it): the world's */
/* mount namespaces are private copies, the host's is not ours to change.     */

/* Whether the caller is in the host agent's mount namespace (or cannot tell). */
static int in_host_mntns(void) {
  struct stat st;
  int r = proc_fd >= 0 ? fstatat(proc_fd, "thread-self/ns/mnt", &st, 0) : stat("/proc/thread-self/ns/mnt", &st);
  if (r < 0) return 1;
  return st.st_dev == host_mnt_dev && st.st_ino == host_mnt_ino;
}

#define GUARD_HOST_MNTNS(id)                                                                  \
  do {                                                                                        \
    if (in_host_mntns()) return reply(id, "refused a mount op in the host's mount namespace"); \
  } while (0)

/* The host's file systems at start: the device field of every line of the
   host agent's mountinfo (inherited by every task). */
static void record_host_devs(void) {
  char *info;
  if (read_all("/proc/self/mountinfo", &info) < 0) return;
  size_t cap = 64;
  host_devs = malloc(cap * sizeof *host_devs);
  char *save = NULL;
  for (char *line = strtok_r(info, "\n", &save); line && host_devs; line = strtok_r(NULL, "\n", &save)) {
    unsigned maj, min;
    if (sscanf(line, "%*s %*s %u:%u", &maj, &min) != 2) continue;
    if (n_host_devs == cap) {
      dev_t *p = realloc(host_devs, cap * 2 * sizeof *host_devs);
      if (!p) break;
      host_devs = p;
      cap *= 2;
    }
    host_devs[n_host_devs++] = makedev(maj, min);
  }
  free(info);
}

/*
 * Whether creating `path` would write to a file system of the host: the
 * existing file's, or else its directory's, device is one the host had at
 * start. The world's own tmpfs (/tmp, /tmp/nss and every `mount tmpfs`) are
 * new devices; a host file system is reachable under /tmp/nss only after a
 * pivot_root or a bind that puts it there, and no file is made on it.
 */
static int on_host_fs(const char *path) {
  struct stat st;
  struct statfs sfs;
  int fs_ok;
  if (stat(path, &st) < 0) {
    char *dir = strdup(path);
    if (!dir) return 1;
    char *slash = strrchr(dir, '/');
    if (slash == dir) slash[1] = '\0';
    else if (slash) *slash = '\0';
    int r = stat(slash ? dir : ".", &st);
    fs_ok = statfs(slash ? dir : ".", &sfs) == 0;
    free(dir);
    if (r < 0) return 0; /* nothing will be created: the call fails by itself */
  } else {
    fs_ok = statfs(path, &sfs) == 0;
  }
  /* cgroup2 mounted by a task of a world that has a cgroup of its own (cg_fd):
     the mount shows the mounter's cgroup namespace root, which is the run's
     cgroup or below it, so a directory made there is a cgroup of the run
     (removed with it) and nothing else can be created. */
  if (cg_fd >= 0 && fs_ok && sfs.f_type == CGROUP2_SUPER_MAGIC) return 0;
  for (size_t i = 0; i < n_host_devs; i++)
    if (host_devs[i] == st.st_dev) return 1;
  return 0;
}

#define GUARD_HOST_FS(id, path)                                                                    \
  do {                                                                                             \
    if (on_host_fs(path)) return reply(id, "refused to create a file on a file system of the host"); \
  } while (0)

static int op_mkdir(const char *id, const char *path) {
  GUARD_HOST_MNTNS(id);
  GUARD_HOST_FS(id, path);
  return mkdir(path, 0755) < 0 ? reply_err(id, errno) : reply_ok(id);
}

/* mount(2); an empty source or file system type is NULL. */
static int op_mount(const char *id, const char *src, const char *dst, const char *fstype, unsigned long flags) {
  GUARD_HOST_MNTNS(id);
  int r = mount(*src ? src : NULL, dst, *fstype ? fstype : NULL, flags, NULL);
  return r < 0 ? reply_err(id, errno) : reply_ok(id);
}

static int op_umount(const char *id, const char *path, int flags) {
  GUARD_HOST_MNTNS(id);
  /* umount2 of the caller's root mount without MNT_DETACH remounts its super
     block read-only (do_umount_root): the host's root file system, shared by
     every copy of it. */
  if (!(flags & MNT_DETACH)) {
    struct statx p, r;
    memset(&p, 0, sizeof p);
    memset(&r, 0, sizeof r);
    if (statx(AT_FDCWD, path, 0, STATX_MNT_ID, &p) == 0 && statx(AT_FDCWD, "/", 0, STATX_MNT_ID, &r) == 0 &&
        (p.stx_attributes & STATX_ATTR_MOUNT_ROOT) && p.stx_mnt_id == r.stx_mnt_id)
      return reply(id, "refused to unmount the caller's root mount (it would remount a file system of the host read-only)");
  }
  return umount2(path, flags) < 0 ? reply_err(id, errno) : reply_ok(id);
}

static int op_touch(const char *id, const char *path) {
  GUARD_HOST_MNTNS(id);
  GUARD_HOST_FS(id, path);
  int fd = open(path, O_WRONLY | O_CREAT | O_CLOEXEC, 0644);
  if (fd < 0) return reply_err(id, errno);
  close(fd);
  return reply_ok(id);
}

/* chown(2) of a scenario file: never one of a file system of the host. */
static int op_chown(const char *id, const char *path, uid_t uid, gid_t gid) {
  GUARD_HOST_MNTNS(id);
  GUARD_HOST_FS(id, path);
  return chown(path, uid, gid) < 0 ? reply_err(id, errno) : reply_ok(id);
}

static int op_pivot_root(const char *id, const char *new_root, const char *put_old) {
  GUARD_HOST_MNTNS(id);
  return syscall(SYS_pivot_root, new_root, put_old) < 0 ? reply_err(id, errno) : reply_ok(id);
}

static int op_readlink(const char *id, const char *path) {
  char buf[PATH_MAX];
  ssize_t n = readlink(path, buf, sizeof buf);
  if (n < 0) return reply_err(id, errno);
  return reply_text(id, buf, (size_t)n);
}

/* The names in a directory, one per line (without . and ..). */
static int op_listdir(const char *id, const char *path) {
  int fd = open(path, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
  if (fd < 0) return reply_err(id, errno);
  DIR *d = fdopendir(fd);
  if (!d) {
    int e = errno;
    close(fd);
    return reply_err(id, e);
  }
  size_t len = 0, cap = 4096;
  char *out = malloc(cap);
  if (!out) {
    closedir(d);
    return reply_err(id, ENOMEM);
  }
  struct dirent *ent;
  while ((ent = readdir(d)) != NULL) {
    if (strcmp(ent->d_name, ".") == 0 || strcmp(ent->d_name, "..") == 0) continue;
    size_t l = strlen(ent->d_name);
    if (len + l + 2 > cap) {
      while (len + l + 2 > cap) cap *= 2;
      char *p = realloc(out, cap);
      if (!p) {
        free(out);
        closedir(d);
        return reply_err(id, ENOMEM);
      }
      out = p;
    }
    memcpy(out + len, ent->d_name, l);
    len += l;
    out[len++] = '\n';
  }
  closedir(d);
  reply_text(id, out, len);
  free(out);
  return 0;
}

/* The mount id of path (statx STATX_MNT_ID, the id of mountinfo's first
   field; 0 without a path), a newline, then the caller's mountinfo (paths
   relative to its root). */
static int op_mountinfo(const char *id, const char *path) {
  unsigned long long mnt_id = 0;
  if (*path) {
    struct statx stx;
    memset(&stx, 0, sizeof stx);
    if (statx(AT_FDCWD, path, 0, STATX_MNT_ID, &stx) < 0) return reply_err(id, errno);
    if (!(stx.stx_mask & STATX_MNT_ID)) return reply_err(id, ENOSYS);
    mnt_id = (unsigned long long)stx.stx_mnt_id;
  }
  char *info;
  ssize_t n = read_all("/proc/thread-self/mountinfo", &info); /* the caller's (a thread's own, not its leader's) */
  if (n < 0) return reply_err(id, (int)-n);
  char head[32];
  int h = snprintf(head, sizeof head, "%llu\n", mnt_id);
  char *all = malloc((size_t)h + (size_t)n + 1);
  if (!all) {
    free(info);
    return reply_err(id, ENOMEM);
  }
  memcpy(all, head, (size_t)h);
  memcpy(all + h, info, (size_t)n);
  reply_text(id, all, (size_t)h + (size_t)n);
  free(all);
  free(info);
  return 0;
}

/*
 * Bind-mount a namespace file on a new file (how `ip netns add` names one):
 * open the ns file first (the ptrace check), then create the file (O_EXCL),
 * then bind the open file onto it, as /proc/thread-self/fd/<n> of the world's procfs
 * (looked up from there, so /proc need not be in the caller's root); a file
 * created for a failed bind is removed.
 */
static int op_pin(const char *id, const char *nspath, const char *path) {
  GUARD_HOST_MNTNS(id);
  int nsfd = open_proc(nspath, O_RDONLY | O_CLOEXEC);
  if (nsfd < 0) return reply_err(id, errno);
  if (on_host_fs(path)) {
    close(nsfd);
    return reply(id, "refused to create a file on a file system of the host");
  }
  int f = open(path, O_RDONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0644);
  if (f < 0) {
    int e = errno;
    close(nsfd);
    return reply_err(id, e);
  }
  close(f);
  char src[48];
  int r, e;
  int cwd = proc_fd >= 0 ? open(".", O_PATH | O_DIRECTORY | O_CLOEXEC) : -1;
  if (cwd >= 0 && fchdir(proc_fd) == 0) {
    snprintf(src, sizeof src, "thread-self/fd/%d", nsfd); /* a thread's fd table is its own */
    r = mount(src, path, NULL, MS_BIND, NULL);
    e = errno;
    if (fchdir(cwd) < 0) _exit(70); /* cannot restore the cwd: the task is unusable */
  } else {
    snprintf(src, sizeof src, "/proc/thread-self/fd/%d", nsfd);
    r = mount(src, path, NULL, MS_BIND, NULL);
    e = errno;
  }
  if (cwd >= 0) close(cwd);
  close(nsfd);
  if (r < 0) {
    unlink(path);
    return reply_err(id, e);
  }
  return reply_ok(id);
}

/* The namespace a path refers to; a file that is not an nsfs file: EINVAL
   (NS_GET_NSTYPE answers ENOTTY there). */
static int op_nspath(const char *id, const char *path) {
  int fd = open_proc(path, O_RDONLY | O_CLOEXEC);
  if (fd < 0) return reply_err(id, errno);
  int t = ioctl(fd, NS_GET_NSTYPE);
  if (t < 0) {
    int e = errno;
    close(fd);
    return reply_err(id, e == ENOTTY ? EINVAL : e);
  }
  reply_ns_of_fd(id, fd);
  close(fd);
  return 0;
}

/* (host agent) The distinct peer-group ids (shared:, master:, propagate_from:)
   in the mountinfo of each of the comma-separated host pids, space-separated.
   A pid that is gone is skipped. */
static int op_peer_groups(const char *id, const char *pids) {
  size_t len = 0, cap = 256;
  char *out = malloc(cap);
  if (!out) return reply_err(id, ENOMEM);
  out[0] = '\0';
  const char *p = pids;
  while (*p) {
    char *end;
    long pid = strtol(p, &end, 10);
    p = *end == ',' ? end + 1 : end + strlen(end);
    if (pid <= 0) continue;
    char path[64];
    snprintf(path, sizeof path, "/proc/%ld/mountinfo", pid);
    char *info;
    if (read_all(path, &info) < 0) continue;
    char *save = NULL;
    for (char *line = strtok_r(info, "\n", &save); line; line = strtok_r(NULL, "\n", &save)) {
      char *save2 = NULL;
      int field = 0;
      for (char *t = strtok_r(line, " ", &save2); t; t = strtok_r(NULL, " ", &save2)) {
        if (++field <= 6) continue;
        if (strcmp(t, "-") == 0) break;
        const char *colon = strchr(t, ':');
        if (!colon || !colon[1]) continue;
        const char *gid = colon + 1;
        size_t gl = strlen(gid);
        /* already listed? */
        int dup = 0;
        for (const char *q = out; *q;) {
          const char *sp = strchr(q, ' ');
          size_t ql = sp ? (size_t)(sp - q) : strlen(q);
          if (ql == gl && memcmp(q, gid, gl) == 0) {
            dup = 1;
            break;
          }
          q += ql + (sp ? 1 : 0);
        }
        if (dup) continue;
        if (len + gl + 2 > cap) {
          while (len + gl + 2 > cap) cap *= 2;
          char *np = realloc(out, cap);
          if (!np) {
            free(info);
            free(out);
            return reply_err(id, ENOMEM);
          }
          out = np;
        }
        if (len) out[len++] = ' ';
        memcpy(out + len, gid, gl);
        len += gl;
        out[len] = '\0';
      }
    }
    free(info);
  }
  reply_text(id, out, len);
  free(out);
  return 0;
}

/* ------------------------------------------------------------------------- */
/* Network. Every request below runs in the calling task's current net        */
/* namespace: links, addresses and routes through rtnetlink, over a           */
/* NETLINK_ROUTE socket made for the request (so it belongs to the caller's   */
/* namespace of the moment) and closed after it; sockets of the scenario are  */
/* kept fds. None runs in the host agent or in the host's net namespace (a    */
/* task that somehow entered it): they answer `refused` instead.              */

static dev_t host_net_dev;          /* the host agent's net namespace (never a network op there) */
static ino_t host_net_ino;

/* Whether the caller may not make a network request: the host agent, or a
   task in the host agent's net namespace (or one that cannot tell). */
static int in_host_netns(void) {
  struct stat st;
  if (proc_fd < 0) return 1;
  if (fstatat(proc_fd, "thread-self/ns/net", &st, 0) < 0) return 1;
  return st.st_dev == host_net_dev && st.st_ino == host_net_ino;
}

#define GUARD_HOST_NETNS(id)                                                                       \
  do {                                                                                             \
    if (in_host_netns()) return reply(id, "refused a network op in the host's network namespace"); \
  } while (0)

/* A netlink request under construction. */
struct nlreq {
  union {
    struct nlmsghdr h;
    char buf[4096];
  } u;
  int overflow;
};

static unsigned nl_seq;

static void nl_start(struct nlreq *m, int type, int flags, const void *body, size_t len) {
  memset(m, 0, sizeof *m);
  m->u.h.nlmsg_len = NLMSG_LENGTH(len);
  m->u.h.nlmsg_type = (unsigned short)type;
  m->u.h.nlmsg_flags = (unsigned short)(NLM_F_REQUEST | flags);
  m->u.h.nlmsg_seq = ++nl_seq;
  memcpy(NLMSG_DATA(&m->u.h), body, len);
}

/* Raw bytes at the end of the message (a struct opening a nested payload). */
static void nl_raw(struct nlreq *m, const void *data, size_t len) {
  size_t at = NLMSG_ALIGN(m->u.h.nlmsg_len);
  if (at + NLMSG_ALIGN(len) > sizeof m->u.buf) {
    m->overflow = 1;
    return;
  }
  memcpy(m->u.buf + at, data, len);
  m->u.h.nlmsg_len = (unsigned)(at + NLMSG_ALIGN(len));
}

static struct rtattr *nl_attr(struct nlreq *m, int type, const void *data, size_t len) {
  size_t at = NLMSG_ALIGN(m->u.h.nlmsg_len);
  if (at + RTA_SPACE(len) > sizeof m->u.buf) {
    m->overflow = 1;
    return (struct rtattr *)m->u.buf; /* harmless: the request is not sent */
  }
  struct rtattr *a = (struct rtattr *)(m->u.buf + at);
  a->rta_type = (unsigned short)type;
  a->rta_len = (unsigned short)RTA_LENGTH(len);
  if (len) memcpy(RTA_DATA(a), data, len);
  m->u.h.nlmsg_len = (unsigned)(at + RTA_ALIGN(a->rta_len));
  return a;
}

static struct rtattr *nl_str(struct nlreq *m, int type, const char *s) { return nl_attr(m, type, s, strlen(s) + 1); }
static struct rtattr *nl_u32(struct nlreq *m, int type, __u32 v) { return nl_attr(m, type, &v, sizeof v); }
static struct rtattr *nl_nest(struct nlreq *m, int type) { return nl_attr(m, type, NULL, 0); }
static void nl_nest_end(struct nlreq *m, struct rtattr *a) {
  if (!m->overflow) a->rta_len = (unsigned short)(m->u.buf + m->u.h.nlmsg_len - (char *)a);
}

static int nl_open(void) {
  int fd = socket(AF_NETLINK, SOCK_RAW | SOCK_CLOEXEC, NETLINK_ROUTE);
  if (fd < 0) return -errno;
  struct sockaddr_nl sa;
  memset(&sa, 0, sizeof sa);
  sa.nl_family = AF_NETLINK;
  if (bind(fd, (struct sockaddr *)&sa, sizeof sa) < 0) {
    int e = errno;
    close(fd);
    return -e;
  }
  return fd;
}

typedef void (*nl_cb)(struct nlmsghdr *h, void *ctx);

static int nl_receive(int fd, unsigned seq, char *buf, size_t cap, nl_cb cb, void *ctx);

/*
 * Sends a request and reads its answers up to the end: the ack or error of a
 * request (NLM_F_ACK is added), or NLMSG_DONE of a dump; `cb` sees every other
 * message of the request. Returns 0 or -errno; -EINTR for a dump that the
 * kernel flagged inconsistent (NLM_F_DUMP_INTR: the caller dumps again).
 */
static int nl_transact(int fd, struct nlreq *m, nl_cb cb, void *ctx) {
  if (m->overflow) return -EINVAL;
  int dump = (m->u.h.nlmsg_flags & NLM_F_DUMP) == NLM_F_DUMP;
  if (!dump) m->u.h.nlmsg_flags |= NLM_F_ACK;
  struct sockaddr_nl to;
  memset(&to, 0, sizeof to);
  to.nl_family = AF_NETLINK;
  if (sendto(fd, m->u.buf, m->u.h.nlmsg_len, 0, (struct sockaddr *)&to, sizeof to) < 0) return -errno;
  /* Not static: a callback may make a request of its own (on another socket). */
  union nlbuf {
    struct nlmsghdr h;
    char buf[65536];
  } *rb = malloc(sizeof *rb);
  if (!rb) return -ENOMEM;
  int err = nl_receive(fd, m->u.h.nlmsg_seq, rb->buf, sizeof rb->buf, cb, ctx);
  free(rb);
  return err;
}

static int nl_receive(int fd, unsigned seq, char *buf, size_t cap, nl_cb cb, void *ctx) {
  int interrupted = 0;
  for (;;) {
    struct pollfd p = {.fd = fd, .events = POLLIN};
    int n = poll(&p, 1, 4000);
    if (n == 0) return -ETIMEDOUT;
    if (n < 0) {
      if (errno == EINTR) continue;
      return -errno;
    }
    ssize_t got = recv(fd, buf, cap, MSG_TRUNC);
    if (got < 0) {
      if (errno == EINTR) continue;
      return -errno;
    }
    if ((size_t)got > cap) return -EMSGSIZE;
    int len = (int)got;
    for (struct nlmsghdr *h = (struct nlmsghdr *)(void *)buf; NLMSG_OK(h, (unsigned)len); h = NLMSG_NEXT(h, len)) {
      if (h->nlmsg_seq != seq) continue;
      if (h->nlmsg_flags & NLM_F_DUMP_INTR) interrupted = 1;
      if (h->nlmsg_type == NLMSG_ERROR) {
        const struct nlmsgerr *e = NLMSG_DATA(h);
        if (h->nlmsg_len < NLMSG_LENGTH(sizeof *e)) return -EPROTO;
        return e->error;
      }
      if (h->nlmsg_type == NLMSG_DONE) {
        int err = 0;
        if (h->nlmsg_len >= NLMSG_LENGTH(sizeof err)) memcpy(&err, NLMSG_DATA(h), sizeof err);
        return err < 0 ? err : interrupted ? -EINTR : 0;
      }
      if (cb) cb(h, ctx);
    }
  }
}

/* Two rtnetlink sockets: one for a dump, and one for the lookups its callback
   makes while the dump is under way (a socket answers one request at a time).
   Returns the first, the second in *lookup; or -errno, with nothing open. */
static int nl_open_pair(int *lookup) {
  int fd = nl_open();
  if (fd < 0) return fd;
  *lookup = nl_open();
  if (*lookup < 0) {
    close(fd);
    return *lookup;
  }
  return fd;
}

/* A dump, again while the kernel says it was inconsistent (a few times). */
static int nl_dump(int fd, int type, const void *body, size_t len, nl_cb cb, nl_cb reset, void *ctx) {
  int err = -EINTR;
  for (int attempt = 0; attempt < 5 && err == -EINTR; attempt++) {
    struct nlreq m;
    nl_start(&m, type, NLM_F_DUMP, body, len);
    if (reset) reset(NULL, ctx);
    err = nl_transact(fd, &m, cb, ctx);
  }
  return err;
}

/* The attributes of a message, by type (nested/byte-order flags masked). */
static void nl_parse(struct rtattr **tb, int max, struct rtattr *rta, int len) {
  memset(tb, 0, sizeof(struct rtattr *) * (size_t)(max + 1));
  for (; RTA_OK(rta, len); rta = RTA_NEXT(rta, len)) {
    int type = rta->rta_type & ~(NLA_F_NESTED | NLA_F_NET_BYTEORDER);
    if (type <= max) tb[type] = rta;
  }
}

/* A growing text: lines joined by '\n'. */
struct lines {
  char *buf;
  size_t len, cap;
  int failed;
};

static void lines_add(struct lines *l, const char *s, size_t n) {
  if (l->failed) return;
  if (l->len + n + 2 > l->cap) {
    size_t cap = l->cap ? l->cap : 256;
    while (l->len + n + 2 > cap) cap *= 2;
    char *p = realloc(l->buf, cap);
    if (!p) {
      l->failed = 1;
      return;
    }
    l->buf = p;
    l->cap = cap;
  }
  if (l->len) l->buf[l->len++] = '\n';
  memcpy(l->buf + l->len, s, n);
  l->len += n;
  l->buf[l->len] = '\0';
}

static void lines_reset(struct nlmsghdr *h, void *ctx) {
  (void)h;
  struct lines *l = ctx;
  l->len = 0;
  if (l->buf) l->buf[0] = '\0';
}

static int reply_lines(const char *id, struct lines *l) {
  if (l->failed) {
    free(l->buf);
    return reply_err(id, ENOMEM);
  }
  reply_text(id, l->buf ? l->buf : "", l->len);
  free(l->buf);
  return 0;
}

/* One link by name (RTM_GETLINK): its index and flags, or -errno (ENODEV). */
struct linkinfo {
  int found;
  int ifindex;
  unsigned flags;
  char name[IFNAMSIZ + 1];
};

static void linkinfo_cb(struct nlmsghdr *h, void *ctx) {
  struct linkinfo *li = ctx;
  if (h->nlmsg_type != RTM_NEWLINK || h->nlmsg_len < NLMSG_LENGTH(sizeof(struct ifinfomsg))) return;
  const struct ifinfomsg *ifi = NLMSG_DATA(h);
  struct rtattr *tb[IFLA_MAX + 1];
  nl_parse(tb, IFLA_MAX, IFLA_RTA(ifi), (int)IFLA_PAYLOAD(h));
  li->found = 1;
  li->ifindex = ifi->ifi_index;
  li->flags = ifi->ifi_flags;
  if (tb[IFLA_IFNAME]) snprintf(li->name, sizeof li->name, "%.*s", (int)RTA_PAYLOAD(tb[IFLA_IFNAME]), (const char *)RTA_DATA(tb[IFLA_IFNAME]));
}

static int link_get(int fd, const char *name, int ifindex, struct linkinfo *li) {
  struct ifinfomsg ifi;
  memset(&ifi, 0, sizeof ifi);
  memset(li, 0, sizeof *li);
  ifi.ifi_family = AF_UNSPEC;
  ifi.ifi_index = ifindex;
  struct nlreq m;
  nl_start(&m, RTM_GETLINK, 0, &ifi, sizeof ifi);
  if (name) nl_str(&m, IFLA_IFNAME, name);
  int err = nl_transact(fd, &m, linkinfo_cb, li);
  if (err < 0) return err;
  return li->found ? 0 : -ENODEV;
}

static void links_cb(struct nlmsghdr *h, void *ctx) {
  if (h->nlmsg_type != RTM_NEWLINK || h->nlmsg_len < NLMSG_LENGTH(sizeof(struct ifinfomsg))) return;
  const struct ifinfomsg *ifi = NLMSG_DATA(h);
  struct rtattr *tb[IFLA_MAX + 1];
  nl_parse(tb, IFLA_MAX, IFLA_RTA(ifi), (int)IFLA_PAYLOAD(h));
  if (tb[IFLA_IFNAME]) lines_add(ctx, RTA_DATA(tb[IFLA_IFNAME]), strnlen(RTA_DATA(tb[IFLA_IFNAME]), RTA_PAYLOAD(tb[IFLA_IFNAME])));
}

/* A netlink dump of the caller's net namespace whose callback adds one line per object: the lines, or the errno. */
static int reply_dump_lines(const char *id, int type, const void *body, size_t len, nl_cb cb) {
  int fd = nl_open();
  if (fd < 0) return reply_err(id, -fd);
  struct lines l = {0};
  int err = nl_dump(fd, type, body, len, cb, lines_reset, &l);
  close(fd);
  if (err < 0) {
    free(l.buf);
    return reply_err(id, -err);
  }
  return reply_lines(id, &l);
}

/* links: the names of the links of the caller's net namespace, one a line. */
static int op_links(const char *id) {
  GUARD_HOST_NETNS(id);
  struct ifinfomsg ifi;
  memset(&ifi, 0, sizeof ifi);
  ifi.ifi_family = AF_UNSPEC;
  return reply_dump_lines(id, RTM_GETLINK, &ifi, sizeof ifi, links_cb);
}

/* link <dev>: text "<ifindex> <flags>" (ifi_flags, decimal), or ENODEV. */
static int op_link(const char *id, const char *dev) {
  GUARD_HOST_NETNS(id);
  int fd = nl_open();
  if (fd < 0) return reply_err(id, -fd);
  struct linkinfo li;
  int err = link_get(fd, dev, 0, &li);
  close(fd);
  if (err < 0) return reply_err(id, -err);
  char buf[48];
  snprintf(buf, sizeof buf, "%d %u", li.ifindex, li.flags);
  return reply_textz(id, buf);
}

/* One rtnetlink request that answers with an ack: ok or errno. */
static int nl_simple(const char *id, struct nlreq *m) {
  int fd = nl_open();
  if (fd < 0) return reply_err(id, -fd);
  int err = nl_transact(fd, m, NULL, NULL);
  close(fd);
  return err < 0 ? reply_err(id, -err) : reply_ok(id);
}

/* veth <name> <peer>: RTM_NEWLINK kind veth, NLM_F_CREATE|NLM_F_EXCL, both
   ends in the caller's net namespace. */
static int op_veth(const char *id, const char *name, const char *peer) {
  GUARD_HOST_NETNS(id);
  struct ifinfomsg ifi;
  memset(&ifi, 0, sizeof ifi);
  ifi.ifi_family = AF_UNSPEC;
  struct nlreq m;
  nl_start(&m, RTM_NEWLINK, NLM_F_CREATE | NLM_F_EXCL, &ifi, sizeof ifi);
  nl_str(&m, IFLA_IFNAME, name);
  struct rtattr *info = nl_nest(&m, IFLA_LINKINFO);
  nl_attr(&m, IFLA_INFO_KIND, "veth", 4);
  struct rtattr *data = nl_nest(&m, IFLA_INFO_DATA);
  struct rtattr *p = nl_nest(&m, VETH_INFO_PEER);
  nl_raw(&m, &ifi, sizeof ifi);
  nl_str(&m, IFLA_IFNAME, peer);
  nl_nest_end(&m, p);
  nl_nest_end(&m, data);
  nl_nest_end(&m, info);
  return nl_simple(id, &m);
}

/* A link request by name: RTM_NEWLINK without NLM_F_CREATE changes an
   existing link, as `ip link set` does. */
static void link_request(struct nlreq *m, int type, const char *dev, unsigned change, unsigned flags) {
  struct ifinfomsg ifi;
  memset(&ifi, 0, sizeof ifi);
  ifi.ifi_family = AF_UNSPEC;
  ifi.ifi_change = change;
  ifi.ifi_flags = flags;
  nl_start(m, type, 0, &ifi, sizeof ifi);
  nl_str(m, IFLA_IFNAME, dev);
}

/* link-netns <dev> <nsfile>: open the net ns file (through the world's
   procfs), then move the link there with IFLA_NET_NS_FD. */
static int op_link_netns(const char *id, const char *dev, const char *nspath) {
  GUARD_HOST_NETNS(id);
  int nsfd = open_proc(nspath, O_RDONLY | O_CLOEXEC);
  if (nsfd < 0) return reply_err(id, errno);
  struct stat st;
  if (fstat(nsfd, &st) < 0 || (st.st_dev == host_net_dev && st.st_ino == host_net_ino)) {
    close(nsfd);
    return reply(id, "refused to move a link into the host's network namespace");
  }
  struct nlreq m;
  link_request(&m, RTM_NEWLINK, dev, 0, 0);
  nl_u32(&m, IFLA_NET_NS_FD, (__u32)nsfd);
  int r = nl_simple(id, &m);
  close(nsfd);
  return r;
}

/* link-netns-pid <dev> <pid>: the same with IFLA_NET_NS_PID (a pid of the
   caller's pid namespace, 0 for a task it cannot see: the kernel finds none). */
static int op_link_netns_pid(const char *id, const char *dev, long pid) {
  GUARD_HOST_NETNS(id);
  struct nlreq m;
  link_request(&m, RTM_NEWLINK, dev, 0, 0);
  nl_u32(&m, IFLA_NET_NS_PID, (__u32)pid);
  return nl_simple(id, &m);
}

/* link-set <dev> <0|1>: IFF_UP off or on. */
static int op_link_set(const char *id, const char *dev, int up) {
  GUARD_HOST_NETNS(id);
  struct nlreq m;
  link_request(&m, RTM_NEWLINK, dev, IFF_UP, up ? IFF_UP : 0);
  return nl_simple(id, &m);
}

/* link-mtu <dev> <mtu>: IFLA_MTU. */
static int op_link_mtu(const char *id, const char *dev, long mtu) {
  GUARD_HOST_NETNS(id);
  struct nlreq m;
  link_request(&m, RTM_NEWLINK, dev, 0, 0);
  nl_u32(&m, IFLA_MTU, (__u32)mtu);
  return nl_simple(id, &m);
}

/* link-del <dev>: RTM_DELLINK. */
static int op_link_del(const char *id, const char *dev) {
  GUARD_HOST_NETNS(id);
  struct nlreq m;
  link_request(&m, RTM_DELLINK, dev, 0, 0);
  return nl_simple(id, &m);
}

/* An address argument: family and bytes; 0, or -EINVAL when it does not parse. */
struct inaddr {
  int family;
  unsigned char bytes[16];
  size_t len;
};

static int parse_inaddr(const char *s, struct inaddr *a) {
  memset(a, 0, sizeof *a);
  a->family = strchr(s, ':') ? AF_INET6 : AF_INET;
  a->len = a->family == AF_INET6 ? 16 : 4;
  return inet_pton(a->family, s, a->bytes) == 1 ? 0 : -EINVAL;
}

/* The index of a link by name, 0 when there is none (then the kernel's
   request by index 0 says ENODEV, after its permission check). */
static int index_or_zero(int fd, const char *dev) {
  struct linkinfo li;
  return link_get(fd, dev, 0, &li) == 0 ? li.ifindex : 0;
}

/* addr-add <dev> <addr> <prefix>: RTM_NEWADDR, NLM_F_CREATE|NLM_F_EXCL; a
   prefix of -1 is the whole address; IPv6 with IFA_F_NODAD. */
static int op_addr_add(const char *id, const char *dev, const char *addr, long prefix) {
  GUARD_HOST_NETNS(id);
  struct inaddr a;
  if (parse_inaddr(addr, &a) < 0) return reply_err(id, EINVAL);
  if (prefix < 0) prefix = (long)a.len * 8;
  if (prefix > 255) return reply_err(id, EINVAL); /* not expressible (a u8) */
  int fd = nl_open();
  if (fd < 0) return reply_err(id, -fd);
  struct ifaddrmsg ifa;
  memset(&ifa, 0, sizeof ifa);
  ifa.ifa_family = (unsigned char)a.family;
  ifa.ifa_prefixlen = (unsigned char)prefix;
  ifa.ifa_flags = a.family == AF_INET6 ? IFA_F_NODAD : 0;
  ifa.ifa_scope = RT_SCOPE_UNIVERSE;
  ifa.ifa_index = (unsigned)index_or_zero(fd, dev);
  struct nlreq m;
  nl_start(&m, RTM_NEWADDR, NLM_F_CREATE | NLM_F_EXCL, &ifa, sizeof ifa);
  nl_attr(&m, IFA_LOCAL, a.bytes, a.len);
  nl_attr(&m, IFA_ADDRESS, a.bytes, a.len);
  int err = nl_transact(fd, &m, NULL, NULL);
  close(fd);
  return err < 0 ? reply_err(id, -err) : reply_ok(id);
}

struct addrs_ctx {
  int ifindex;
  struct lines l;
};

static void addrs_cb(struct nlmsghdr *h, void *ctx) {
  struct addrs_ctx *c = ctx;
  if (h->nlmsg_type != RTM_NEWADDR || h->nlmsg_len < NLMSG_LENGTH(sizeof(struct ifaddrmsg))) return;
  const struct ifaddrmsg *ifa = NLMSG_DATA(h);
  if ((int)ifa->ifa_index != c->ifindex) return;
  if (ifa->ifa_family != AF_INET && ifa->ifa_family != AF_INET6) return;
  struct rtattr *tb[IFA_MAX + 1];
  nl_parse(tb, IFA_MAX, IFA_RTA(ifa), (int)IFA_PAYLOAD(h));
  struct rtattr *at = ifa->ifa_family == AF_INET && tb[IFA_LOCAL] ? tb[IFA_LOCAL] : tb[IFA_ADDRESS] ? tb[IFA_ADDRESS] : tb[IFA_LOCAL];
  size_t want = ifa->ifa_family == AF_INET ? 4 : 16;
  if (!at || RTA_PAYLOAD(at) < want) return;
  const unsigned char *b = RTA_DATA(at);
  if (ifa->ifa_family == AF_INET6 && b[0] == 0xfe && (b[1] & 0xc0) == 0x80) return; /* link-local: left out */
  char text[INET6_ADDRSTRLEN + 8];
  if (!inet_ntop(ifa->ifa_family, b, text, INET6_ADDRSTRLEN)) return;
  size_t n = strlen(text);
  snprintf(text + n, sizeof text - n, "/%u", (unsigned)ifa->ifa_prefixlen);
  lines_add(&c->l, text, strlen(text));
}

static void addrs_reset(struct nlmsghdr *h, void *ctx) { lines_reset(h, &((struct addrs_ctx *)ctx)->l); }

/* addrs <dev>: "<addr>/<prefix>" lines, IPv4 and IPv6 but no IPv6 link-local. */
static int op_addrs(const char *id, const char *dev) {
  GUARD_HOST_NETNS(id);
  int fd = nl_open();
  if (fd < 0) return reply_err(id, -fd);
  struct linkinfo li;
  int err = link_get(fd, dev, 0, &li);
  if (err < 0) {
    close(fd);
    return reply_err(id, -err);
  }
  struct addrs_ctx c = {.ifindex = li.ifindex};
  struct ifaddrmsg ifa;
  memset(&ifa, 0, sizeof ifa);
  ifa.ifa_family = AF_UNSPEC;
  err = nl_dump(fd, RTM_GETADDR, &ifa, sizeof ifa, addrs_cb, addrs_reset, &c);
  close(fd);
  if (err < 0) {
    free(c.l.buf);
    return reply_err(id, -err);
  }
  return reply_lines(id, &c.l);
}

/* route-add-default <gateway>: RTM_NEWROUTE in the main table, default via
   the gateway (IPv4 or IPv6), NLM_F_CREATE|NLM_F_EXCL. */
static int op_route_add_default(const char *id, const char *gw) {
  GUARD_HOST_NETNS(id);
  struct inaddr a;
  if (parse_inaddr(gw, &a) < 0) return reply_err(id, EINVAL);
  struct rtmsg rt;
  memset(&rt, 0, sizeof rt);
  rt.rtm_family = (unsigned char)a.family;
  rt.rtm_dst_len = 0;
  rt.rtm_table = RT_TABLE_MAIN;
  rt.rtm_protocol = RTPROT_BOOT;
  rt.rtm_scope = RT_SCOPE_UNIVERSE;
  rt.rtm_type = RTN_UNICAST;
  struct nlreq m;
  nl_start(&m, RTM_NEWROUTE, NLM_F_CREATE | NLM_F_EXCL, &rt, sizeof rt);
  nl_attr(&m, RTA_GATEWAY, a.bytes, a.len);
  return nl_simple(id, &m);
}

struct routes_ctx {
  int fd; /* a second socket, for the names of links */
  struct lines l;
};

static void routes_cb(struct nlmsghdr *h, void *ctx) {
  struct routes_ctx *c = ctx;
  if (h->nlmsg_type != RTM_NEWROUTE || h->nlmsg_len < NLMSG_LENGTH(sizeof(struct rtmsg))) return;
  const struct rtmsg *rt = NLMSG_DATA(h);
  if (rt->rtm_family != AF_INET || rt->rtm_type != RTN_UNICAST) return;
  struct rtattr *tb[RTA_MAX + 1];
  nl_parse(tb, RTA_MAX, RTM_RTA(rt), (int)RTM_PAYLOAD(h));
  unsigned table = tb[RTA_TABLE] && RTA_PAYLOAD(tb[RTA_TABLE]) >= 4 ? *(__u32 *)RTA_DATA(tb[RTA_TABLE]) : rt->rtm_table;
  if (table != RT_TABLE_MAIN) return;
  char line[160], dst[INET_ADDRSTRLEN] = "0.0.0.0", gw[INET_ADDRSTRLEN] = "", dev[IFNAMSIZ + 1] = "?";
  if (tb[RTA_DST] && RTA_PAYLOAD(tb[RTA_DST]) >= 4) inet_ntop(AF_INET, RTA_DATA(tb[RTA_DST]), dst, sizeof dst);
  if (tb[RTA_GATEWAY] && RTA_PAYLOAD(tb[RTA_GATEWAY]) >= 4) inet_ntop(AF_INET, RTA_DATA(tb[RTA_GATEWAY]), gw, sizeof gw);
  if (tb[RTA_OIF] && RTA_PAYLOAD(tb[RTA_OIF]) >= 4) {
    struct linkinfo li;
    if (link_get(c->fd, NULL, (int)*(__u32 *)RTA_DATA(tb[RTA_OIF]), &li) == 0) snprintf(dev, sizeof dev, "%s", li.name);
  }
  int n;
  if (rt->rtm_dst_len == 0)
    n = snprintf(line, sizeof line, "default");
  else
    n = snprintf(line, sizeof line, "%s/%u", dst, (unsigned)rt->rtm_dst_len);
  if (*gw) n += snprintf(line + n, sizeof line - (size_t)n, " via %s", gw);
  snprintf(line + n, sizeof line - (size_t)n, " dev %s", dev);
  lines_add(&c->l, line, strlen(line));
}

static void routes_reset(struct nlmsghdr *h, void *ctx) { lines_reset(h, &((struct routes_ctx *)ctx)->l); }

/* routes: the IPv4 unicast routes of the main table, one a line. */
static int op_routes(const char *id) {
  GUARD_HOST_NETNS(id);
  struct routes_ctx c = {0};
  int fd = nl_open_pair(&c.fd);
  if (fd < 0) return reply_err(id, -fd);
  struct rtmsg rt;
  memset(&rt, 0, sizeof rt);
  rt.rtm_family = AF_INET;
  int err = nl_dump(fd, RTM_GETROUTE, &rt, sizeof rt, routes_cb, routes_reset, &c);
  close(fd);
  close(c.fd);
  if (err < 0) {
    free(c.l.buf);
    return reply_err(id, -err);
  }
  return reply_lines(id, &c.l);
}

/* link-oper <dev>: text "<operstate>" (IFLA_OPERSTATE of RTM_GETLINK, decimal). */
struct operinfo {
  int found;
  int oper;
};

static void operinfo_cb(struct nlmsghdr *h, void *ctx) {
  struct operinfo *o = ctx;
  if (h->nlmsg_type != RTM_NEWLINK || h->nlmsg_len < NLMSG_LENGTH(sizeof(struct ifinfomsg))) return;
  const struct ifinfomsg *ifi = NLMSG_DATA(h);
  struct rtattr *tb[IFLA_MAX + 1];
  nl_parse(tb, IFLA_MAX, IFLA_RTA(ifi), (int)IFLA_PAYLOAD(h));
  o->found = 1;
  o->oper = tb[IFLA_OPERSTATE] ? *(unsigned char *)RTA_DATA(tb[IFLA_OPERSTATE]) : -1;
}

static int op_link_oper(const char *id, const char *dev) {
  GUARD_HOST_NETNS(id);
  int fd = nl_open();
  if (fd < 0) return reply_err(id, -fd);
  struct ifinfomsg ifi;
  memset(&ifi, 0, sizeof ifi);
  ifi.ifi_family = AF_UNSPEC;
  struct nlreq m;
  nl_start(&m, RTM_GETLINK, 0, &ifi, sizeof ifi);
  nl_str(&m, IFLA_IFNAME, dev);
  struct operinfo o = {0};
  int err = nl_transact(fd, &m, operinfo_cb, &o);
  close(fd);
  if (err < 0) return reply_err(id, -err);
  if (!o.found) return reply_err(id, ENODEV);
  return reply_int(id, o.oper);
}

/* addr-del <dev> <addr> <prefix>: RTM_DELADDR with IFA_LOCAL and IFA_ADDRESS
   (the prefix a match; -1: the whole address). */
static int op_addr_del(const char *id, const char *dev, const char *addr, long prefix) {
  GUARD_HOST_NETNS(id);
  struct inaddr a;
  if (parse_inaddr(addr, &a) < 0) return reply_err(id, EINVAL);
  if (prefix < 0) prefix = (long)a.len * 8;
  if (prefix > 255) return reply_err(id, EINVAL);
  int fd = nl_open();
  if (fd < 0) return reply_err(id, -fd);
  struct ifaddrmsg ifa;
  memset(&ifa, 0, sizeof ifa);
  ifa.ifa_family = (unsigned char)a.family;
  ifa.ifa_prefixlen = (unsigned char)prefix;
  ifa.ifa_index = (unsigned)index_or_zero(fd, dev);
  struct nlreq m;
  nl_start(&m, RTM_DELADDR, 0, &ifa, sizeof ifa);
  nl_attr(&m, IFA_LOCAL, a.bytes, a.len);
  nl_attr(&m, IFA_ADDRESS, a.bytes, a.len);
  int err = nl_transact(fd, &m, NULL, NULL);
  close(fd);
  return err < 0 ? reply_err(id, -err) : reply_ok(id);
}

/* route-add-via <dst> <plen> <gateway> | route-add-dev <dst> <plen> <dev> |
   route-del <dst> <plen>: RTM_NEWROUTE (NLM_F_CREATE|NLM_F_EXCL) or
   RTM_DELROUTE in the main table, as `ip route add DST via GW`, `ip route add
   DST dev DEV` (scope link; a device the namespace does not have is index 0)
   and `ip route del DST` (type, scope and origin left to the kernel's match)
   send them; route-change-dev <dst> <plen> <dev>: the same RTM_NEWROUTE as
   route-add-dev with NLM_F_REPLACE alone, as `ip route change DST dev DEV`. */
static int op_route(const char *id, int cmd, int nlflags, const char *dst, long plen, const char *gw, const char *dev) {
  GUARD_HOST_NETNS(id);
  struct inaddr d;
  if (parse_inaddr(dst, &d) < 0) return reply_err(id, EINVAL);
  if (plen < 0 || plen > (long)d.len * 8) return reply_err(id, EINVAL);
  struct inaddr g;
  if (gw && (parse_inaddr(gw, &g) < 0 || g.family != d.family)) return reply_err(id, EINVAL);
  int fd = nl_open();
  if (fd < 0) return reply_err(id, -fd);
  struct rtmsg rt;
  memset(&rt, 0, sizeof rt);
  rt.rtm_family = (unsigned char)d.family;
  rt.rtm_dst_len = (unsigned char)plen;
  rt.rtm_table = RT_TABLE_MAIN;
  if (cmd == RTM_NEWROUTE) {
    rt.rtm_protocol = RTPROT_BOOT;
    rt.rtm_type = RTN_UNICAST;
    rt.rtm_scope = gw || d.family == AF_INET6 ? RT_SCOPE_UNIVERSE : RT_SCOPE_LINK;
  } else {
    rt.rtm_scope = RT_SCOPE_NOWHERE;
  }
  struct nlreq m;
  nl_start(&m, cmd, nlflags, &rt, sizeof rt);
  if (plen > 0) nl_attr(&m, RTA_DST, d.bytes, d.len);
  if (gw) nl_attr(&m, RTA_GATEWAY, g.bytes, g.len);
  if (dev) nl_u32(&m, RTA_OIF, (__u32)index_or_zero(fd, dev));
  int err = nl_transact(fd, &m, NULL, NULL);
  close(fd);
  return err < 0 ? reply_err(id, -err) : reply_ok(id);
}

/* route-get <addr>: RTM_GETROUTE; text "<rtm_type> <oif name> <gateway|-> <prefsrc|->". */
struct routeget_ctx {
  int fd; /* a second socket, for the name of the link */
  char line[200];
};

static void routeget_cb(struct nlmsghdr *h, void *ctx) {
  struct routeget_ctx *c = ctx;
  if (h->nlmsg_type != RTM_NEWROUTE || h->nlmsg_len < NLMSG_LENGTH(sizeof(struct rtmsg))) return;
  const struct rtmsg *rt = NLMSG_DATA(h);
  struct rtattr *tb[RTA_MAX + 1];
  nl_parse(tb, RTA_MAX, RTM_RTA(rt), (int)RTM_PAYLOAD(h));
  char gw[INET6_ADDRSTRLEN] = "-", src[INET6_ADDRSTRLEN] = "-", dev[IFNAMSIZ + 1] = "?";
  size_t want = rt->rtm_family == AF_INET ? 4 : 16;
  if (tb[RTA_GATEWAY] && RTA_PAYLOAD(tb[RTA_GATEWAY]) >= want) inet_ntop(rt->rtm_family, RTA_DATA(tb[RTA_GATEWAY]), gw, sizeof gw);
  if (tb[RTA_PREFSRC] && RTA_PAYLOAD(tb[RTA_PREFSRC]) >= want) inet_ntop(rt->rtm_family, RTA_DATA(tb[RTA_PREFSRC]), src, sizeof src);
  if (tb[RTA_OIF] && RTA_PAYLOAD(tb[RTA_OIF]) >= 4) {
    struct linkinfo li;
    if (link_get(c->fd, NULL, (int)*(__u32 *)RTA_DATA(tb[RTA_OIF]), &li) == 0) snprintf(dev, sizeof dev, "%s", li.name);
  }
  snprintf(c->line, sizeof c->line, "%u %s %s %s", (unsigned)rt->rtm_type, dev, gw, src);
}

static int op_route_get(const char *id, const char *addr) {
  GUARD_HOST_NETNS(id);
  struct inaddr a;
  if (parse_inaddr(addr, &a) < 0) return reply_err(id, EINVAL);
  struct routeget_ctx c = {0};
  int fd = nl_open_pair(&c.fd);
  if (fd < 0) return reply_err(id, -fd);
  struct rtmsg rt;
  memset(&rt, 0, sizeof rt);
  rt.rtm_family = (unsigned char)a.family;
  rt.rtm_dst_len = (unsigned char)(a.len * 8);
  struct nlreq m;
  nl_start(&m, RTM_GETROUTE, 0, &rt, sizeof rt);
  nl_attr(&m, RTA_DST, a.bytes, a.len);
  int err = nl_transact(fd, &m, routeget_cb, &c);
  close(fd);
  close(c.fd);
  if (err < 0) return reply_err(id, -err);
  return reply_textz(id, c.line);
}

/* routes-local: a strict RTM_GETROUTE dump of the IPv4 local table (ENOENT
   while it does not exist): "<rtm_type> <dst>/<len> <oif name>" lines. */
static void routes_local_cb(struct nlmsghdr *h, void *ctx) {
  struct routes_ctx *c = ctx;
  if (h->nlmsg_type != RTM_NEWROUTE || h->nlmsg_len < NLMSG_LENGTH(sizeof(struct rtmsg))) return;
  const struct rtmsg *rt = NLMSG_DATA(h);
  if (rt->rtm_family != AF_INET) return;
  struct rtattr *tb[RTA_MAX + 1];
  nl_parse(tb, RTA_MAX, RTM_RTA(rt), (int)RTM_PAYLOAD(h));
  unsigned table = tb[RTA_TABLE] && RTA_PAYLOAD(tb[RTA_TABLE]) >= 4 ? *(__u32 *)RTA_DATA(tb[RTA_TABLE]) : rt->rtm_table;
  if (table != RT_TABLE_LOCAL) return;
  char line[160], dst[INET_ADDRSTRLEN] = "0.0.0.0", dev[IFNAMSIZ + 1] = "?";
  if (tb[RTA_DST] && RTA_PAYLOAD(tb[RTA_DST]) >= 4) inet_ntop(AF_INET, RTA_DATA(tb[RTA_DST]), dst, sizeof dst);
  if (tb[RTA_OIF] && RTA_PAYLOAD(tb[RTA_OIF]) >= 4) {
    struct linkinfo li;
    if (link_get(c->fd, NULL, (int)*(__u32 *)RTA_DATA(tb[RTA_OIF]), &li) == 0) snprintf(dev, sizeof dev, "%s", li.name);
  }
  snprintf(line, sizeof line, "%u %s/%u %s", (unsigned)rt->rtm_type, dst, (unsigned)rt->rtm_dst_len, dev);
  lines_add(&c->l, line, strlen(line));
}

static int op_routes_local(const char *id) {
  GUARD_HOST_NETNS(id);
  struct routes_ctx c = {0};
  int fd = nl_open_pair(&c.fd);
  if (fd < 0) return reply_err(id, -fd);
  int one = 1;
  if (setsockopt(fd, SOL_NETLINK, NETLINK_GET_STRICT_CHK, &one, sizeof one) < 0) {
    int e = errno;
    close(fd);
    close(c.fd);
    return reply_err(id, e);
  }
  int err = -EINTR;
  for (int attempt = 0; attempt < 5 && err == -EINTR; attempt++) {
    struct rtmsg rt;
    memset(&rt, 0, sizeof rt);
    rt.rtm_family = AF_INET;
    struct nlreq m;
    nl_start(&m, RTM_GETROUTE, NLM_F_DUMP, &rt, sizeof rt);
    nl_u32(&m, RTA_TABLE, RT_TABLE_LOCAL);
    routes_reset(NULL, &c);
    err = nl_transact(fd, &m, routes_local_cb, &c);
  }
  close(fd);
  close(c.fd);
  if (err < 0) {
    free(c.l.buf);
    return reply_err(id, -err);
  }
  return reply_lines(id, &c.l);
}

/* nsid-set <nsfile> <nsid>: RTM_NEWNSID with NETNSA_FD (the ns file, opened
   through the world's procfs) and NETNSA_NSID; nsid <nsfile>: RTM_GETNSID,
   int NETNSA_NSID (-1: none); nsids: the RTM_GETNSID dump, one id a line. */
static void nsid_cb(struct nlmsghdr *h, void *ctx) {
  if (h->nlmsg_type != RTM_NEWNSID || h->nlmsg_len < NLMSG_LENGTH(sizeof(struct rtgenmsg))) return;
  struct rtattr *tb[NETNSA_MAX + 1];
  const struct rtgenmsg *g = NLMSG_DATA(h);
  nl_parse(tb, NETNSA_MAX, (struct rtattr *)((char *)g + NLMSG_ALIGN(sizeof *g)), (int)(h->nlmsg_len - NLMSG_LENGTH(NLMSG_ALIGN(sizeof *g))));
  if (tb[NETNSA_NSID] && RTA_PAYLOAD(tb[NETNSA_NSID]) >= 4) *(int *)ctx = *(__s32 *)RTA_DATA(tb[NETNSA_NSID]);
}

static int op_nsid(const char *id, const char *nspath, const char *set) {
  GUARD_HOST_NETNS(id);
  int nsfd = open_proc(nspath, O_RDONLY | O_CLOEXEC);
  if (nsfd < 0) return reply_err(id, errno);
  int fd = nl_open();
  if (fd < 0) {
    close(nsfd);
    return reply_err(id, -fd);
  }
  struct rtgenmsg g = {.rtgen_family = AF_UNSPEC};
  struct nlreq m;
  nl_start(&m, set ? RTM_NEWNSID : RTM_GETNSID, 0, &g, sizeof g);
  nl_u32(&m, NETNSA_FD, (__u32)nsfd);
  if (set) {
    __s32 want = (__s32)strtol(set, NULL, 10);
    nl_attr(&m, NETNSA_NSID, &want, sizeof want);
  }
  int got = -1;
  int err = nl_transact(fd, &m, set ? NULL : nsid_cb, &got);
  close(fd);
  close(nsfd);
  if (err < 0) return reply_err(id, -err);
  return set ? reply_ok(id) : reply_int(id, got);
}

static void nsids_cb(struct nlmsghdr *h, void *ctx) {
  int got = -1;
  nsid_cb(h, &got);
  if (got < 0) return;
  char line[16];
  snprintf(line, sizeof line, "%d", got);
  lines_add(ctx, line, strlen(line));
}

static int op_nsids(const char *id) {
  GUARD_HOST_NETNS(id);
  struct rtgenmsg g = {.rtgen_family = AF_UNSPEC};
  return reply_dump_lines(id, RTM_GETNSID, &g, sizeof g, nsids_cb);
}

/* A socket address of an address argument (empty: 0.0.0.0) and a port. */
static int sock_addr(const char *addr, long port, struct sockaddr_storage *ss, socklen_t *len) {
  struct inaddr a;
  if (parse_inaddr(*addr ? addr : "0.0.0.0", &a) < 0) return -EINVAL;
  memset(ss, 0, sizeof *ss);
  if (a.family == AF_INET6) {
    struct sockaddr_in6 *s6 = (struct sockaddr_in6 *)ss;
    s6->sin6_family = AF_INET6;
    s6->sin6_port = htons((unsigned short)port);
    memcpy(&s6->sin6_addr, a.bytes, 16);
    *len = sizeof *s6;
  } else {
    struct sockaddr_in *s4 = (struct sockaddr_in *)ss;
    s4->sin_family = AF_INET;
    s4->sin_port = htons((unsigned short)port);
    memcpy(&s4->sin_addr, a.bytes, 4);
    *len = sizeof *s4;
  }
  return 0;
}

static int sock_type(const char *proto) {
  if (strcmp(proto, "tcp") == 0) return SOCK_STREAM;
  if (strcmp(proto, "udp") == 0) return SOCK_DGRAM;
  return -1;
}

/* sock-bind tcp|udp <port> <name> <addr>: socket + bind (no SO_REUSEADDR),
   kept as <name> (without O_CLOEXEC, like every kept fd). */
static int op_sock_bind(const char *id, const char *proto, long port, const char *name, const char *addr) {
  GUARD_HOST_NETNS(id);
  struct sockaddr_storage ss;
  socklen_t len;
  int type = sock_type(proto);
  if (type < 0 || sock_addr(addr, port, &ss, &len) < 0) return reply_err(id, EINVAL);
  int fd = socket(ss.ss_family, type, 0);
  if (fd < 0) return reply_err(id, errno);
  if (bind(fd, (struct sockaddr *)&ss, len) < 0) {
    int e = errno;
    close(fd);
    return reply_err(id, e);
  }
  if (keep_fd(name, fd) < 0) return reply_err(id, EMFILE);
  return reply_ok(id);
}

/* How long connect waits for a handshake, and recv and accept for data or a
   connection (ms). */
#define CONNECT_WAIT_MS 2000
#define ARRIVAL_WAIT_MS 200

/* sock-connect tcp|udp <addr> <port> <name>: a new socket, connected
   (non-blocking, at most CONNECT_WAIT_MS: then ETIMEDOUT), kept as <name>. */
static int op_sock_connect(const char *id, const char *proto, const char *addr, long port, const char *name) {
  GUARD_HOST_NETNS(id);
  struct sockaddr_storage ss;
  socklen_t len;
  int type = sock_type(proto);
  if (type < 0 || sock_addr(addr, port, &ss, &len) < 0) return reply_err(id, EINVAL);
  int fd = socket(ss.ss_family, type | SOCK_NONBLOCK, 0);
  if (fd < 0) return reply_err(id, errno);
  int e = 0;
  if (connect(fd, (struct sockaddr *)&ss, len) < 0) {
    e = errno;
    if (e == EINPROGRESS) {
      struct pollfd p = {.fd = fd, .events = POLLOUT};
      int n;
      while ((n = poll(&p, 1, CONNECT_WAIT_MS)) < 0 && errno == EINTR) {
      }
      if (n == 0) {
        e = ETIMEDOUT;
      } else {
        socklen_t el = sizeof e;
        if (getsockopt(fd, SOL_SOCKET, SO_ERROR, &e, &el) < 0) e = errno;
      }
    }
  }
  if (e) {
    close(fd);
    return reply_err(id, e);
  }
  int fl = fcntl(fd, F_GETFL);
  if (fl >= 0) fcntl(fd, F_SETFL, fl & ~O_NONBLOCK);
  if (keep_fd(name, fd) < 0) return reply_err(id, EMFILE);
  return reply_ok(id);
}

/* Waits up to ms for the kept socket to be readable (or in error). */
static void wait_readable(int fd, int ms) {
  struct pollfd p = {.fd = fd, .events = POLLIN};
  while (poll(&p, 1, ms) < 0 && errno == EINTR) {
  }
}

static int op_sock_listen(const char *id, const char *name) {
  struct kept *k = find_kept(name);
  if (!k) return reply_err(id, EBADF);
  return listen(k->fd, 16) < 0 ? reply_err(id, errno) : reply_ok(id);
}

/* sock-accept <name> <new>: a connection pending on <name> (waiting up to
   ARRIVAL_WAIT_MS for one; none: EAGAIN), kept as <new>. */
static int op_sock_accept(const char *id, const char *name, const char *newname) {
  struct kept *k = find_kept(name);
  if (!k) return reply_err(id, EBADF);
  wait_readable(k->fd, ARRIVAL_WAIT_MS);
  int fl = fcntl(k->fd, F_GETFL);
  if (fl >= 0 && !(fl & O_NONBLOCK)) fcntl(k->fd, F_SETFL, fl | O_NONBLOCK);
  int fd = accept4(k->fd, NULL, NULL, 0);
  int e = errno;
  if (fl >= 0 && !(fl & O_NONBLOCK)) fcntl(k->fd, F_SETFL, fl);
  if (fd < 0) return reply_err(id, e == EWOULDBLOCK ? EAGAIN : e);
  if (keep_fd(newname, fd) < 0) return reply_err(id, EMFILE);
  return reply_ok(id);
}

/* sock-send <name> <text>: send without blocking and without SIGPIPE. */
static int op_sock_send(const char *id, const char *name, const char *data, size_t len) {
  struct kept *k = find_kept(name);
  if (!k) return reply_err(id, EBADF);
  return send(k->fd, data, len, MSG_DONTWAIT | MSG_NOSIGNAL) < 0 ? reply_err(id, errno) : reply_ok(id);
}

/* sock-recv <name>: what has arrived (waiting up to ARRIVAL_WAIT_MS), or EAGAIN. */
static int op_sock_recv(const char *id, const char *name) {
  struct kept *k = find_kept(name);
  if (!k) return reply_err(id, EBADF);
  wait_readable(k->fd, ARRIVAL_WAIT_MS);
  char buf[MAX_OUT / 4];
  ssize_t n = recv(k->fd, buf, sizeof buf, MSG_DONTWAIT);
  if (n < 0) return reply_err(id, errno == EWOULDBLOCK ? EAGAIN : errno);
  return reply_text(id, buf, (size_t)n);
}

/* sockns <name>: the net namespace of a kept socket (SIOCGSKNS). */
static int op_sockns(const char *id, const char *name) {
  struct kept *k = find_kept(name);
  if (!k) return reply_err(id, EBADF);
  int fd = ioctl(k->fd, SIOCGSKNS);
  if (fd < 0) return reply_err(id, errno);
  reply_ns_of_fd(id, fd);
  close(fd);
  return 0;
}

/*
 * net-settle: how many links of the caller's net namespace are one end of a
 * pair whose other end lives in a net namespace on its way out: a link with
 * IFLA_LINK_NETNSID whose id is unassigned (the dying namespace's ids are
 * gone) or names no namespace that can still be taken (RTM_GETNSID answers
 * ENOENT once the refcount is zero), and how many of its ids (nsid-set)
 * name such a namespace. The kernel's cleanup of that namespace deletes such
 * a link and such an id; the driver waits until none is left.
 */
struct settle_ctx {
  int fd;
  int pending;
};

static int nsid_alive(int fd, int nsid) {
  struct rtgenmsg g = {.rtgen_family = AF_UNSPEC};
  struct nlreq m;
  nl_start(&m, RTM_GETNSID, 0, &g, sizeof g);
  __s32 v = nsid;
  nl_attr(&m, NETNSA_NSID, &v, sizeof v);
  int err = nl_transact(fd, &m, NULL, NULL);
  return err == -ENOENT ? 0 : 1;
}

static void settle_cb(struct nlmsghdr *h, void *ctx) {
  struct settle_ctx *c = ctx;
  if (h->nlmsg_type != RTM_NEWLINK || h->nlmsg_len < NLMSG_LENGTH(sizeof(struct ifinfomsg))) return;
  const struct ifinfomsg *ifi = NLMSG_DATA(h);
  struct rtattr *tb[IFLA_MAX + 1];
  nl_parse(tb, IFLA_MAX, IFLA_RTA(ifi), (int)IFLA_PAYLOAD(h));
  if (!tb[IFLA_LINK_NETNSID] || RTA_PAYLOAD(tb[IFLA_LINK_NETNSID]) < 4) return;
  __s32 nsid = *(__s32 *)RTA_DATA(tb[IFLA_LINK_NETNSID]);
  if (nsid < 0 || !nsid_alive(c->fd, nsid)) c->pending++;
}

static void settle_reset(struct nlmsghdr *h, void *ctx) {
  (void)h;
  ((struct settle_ctx *)ctx)->pending = 0;
}

/* An id of the caller's namespace (the RTM_GETNSID dump) naming a namespace on
   its way out: cleanup_net takes it away (unhash_nsid). */
static void settle_nsid_cb(struct nlmsghdr *h, void *ctx) {
  struct settle_ctx *c = ctx;
  int nsid = -1;
  nsid_cb(h, &nsid);
  if (nsid >= 0 && !nsid_alive(c->fd, nsid)) c->pending++;
}

static int op_net_settle(const char *id) {
  GUARD_HOST_NETNS(id);
  struct settle_ctx c = {0};
  int fd = nl_open_pair(&c.fd);
  if (fd < 0) return reply_err(id, -fd);
  struct ifinfomsg ifi;
  memset(&ifi, 0, sizeof ifi);
  ifi.ifi_family = AF_UNSPEC;
  int err = nl_dump(fd, RTM_GETLINK, &ifi, sizeof ifi, settle_cb, settle_reset, &c);
  if (err >= 0) {
    struct settle_ctx ids = {.fd = c.fd};
    struct rtgenmsg g = {.rtgen_family = AF_UNSPEC};
    err = nl_dump(fd, RTM_GETNSID, &g, sizeof g, settle_nsid_cb, settle_reset, &ids);
    c.pending += ids.pending;
  }
  close(fd);
  close(c.fd);
  if (err < 0) return reply_err(id, -err);
  return reply_int(id, c.pending);
}

/* (any agent) rcu-sync: membarrier(MEMBARRIER_CMD_GLOBAL), which waits for an
   RCU grace period: what the kernel frees after one (a socket's hold on its
   net namespace) is then on its way. */
static int op_rcu_sync(const char *id) {
  return syscall(SYS_membarrier, MEMBARRIER_CMD_GLOBAL, 0, 0) < 0 ? reply_err(id, errno) : reply_ok(id);
}

/* ------------------------------------------------------------------------- */
/* Dispatch.                                                                  */

static int op_thread(const char *id, unsigned long flags); /* with serve, below */

static int handle(char **tok, size_t *len, int n) {
  if (n < 2) return 0; /* not a request: ignore */
  const char *id = tok[0], *op = tok[1];
  const char *a1 = n > 2 ? tok[2] : "", *a2 = n > 3 ? tok[3] : "", *a3 = n > 4 ? tok[4] : NULL;
#define IS(s) (strcmp(op, s) == 0)
  if (IS("clone")) return op_clone(id, (unsigned long)num(a1), 0);
  if (IS("spawn-init")) return op_spawn_init(id, (unsigned long)num(a1), a2);
  if (IS("clone-into")) return op_clone_into(id, (unsigned long)num(a1), a2);
  if (IS("cg-mkdir")) return op_cg_mkdir(id, a1);
  if (IS("cg-rmdir")) return op_cg_rmdir(id, a1);
  if (IS("cg-write")) return op_cg_write(id, a1, a2, n > 3 ? len[3] : 0);
  if (IS("cg-read")) return op_cg_read(id, a1);
  if (IS("cg-open")) return op_cg_open(id, a1, a2);
  if (IS("cg-mkdirat")) return op_cg_mkdirat(id, a1, a2);
  if (IS("clone-into-fd")) return op_clone_into_fd(id, (unsigned long)num(a1), a2);
  if (IS("unshare")) {
    /* unshare(2) takes an unsigned long: bits above 31 reach the kernel (F2.1), as glibc's int would not let them. */
    int r = (int)syscall(SYS_unshare, (unsigned long)num(a1)), e = errno;
    rearm_pdeathsig(); /* a new user namespace is a change of credentials */
    return r < 0 ? reply_err(id, e) : reply_ok(id);
  }
  if (IS("ns")) return op_ns(id, a1);
  if (IS("setns-path")) return op_setns_path(id, a1, (int)num(a2));
  if (IS("setns-pid")) return op_setns_pid(id, (pid_t)num(a1), (int)num(a2));
  if (IS("open")) return op_open(id, a1, a2, a3 ? (int)num(a3) : O_RDONLY);
  if (IS("fstat")) return op_fstat(id, a1);
  if (IS("setns-fd")) return op_setns_fd(id, a1, (int)num(a2));
  if (IS("close")) return op_close(id, a1);
  if (IS("fdns")) return op_fdns(id, a1);
  if (IS("ioctl")) return op_ioctl(id, a1, a2, a3);
  if (IS("exit")) syscall(SYS_exit, (int)num(a1) & 0xff); /* exit(2): this thread only (the process's last: the process) */
  if (IS("thread")) return op_thread(id, (unsigned long)num(a1));
  if (IS("id")) {
    char buf[64];
    snprintf(buf, sizeof buf, "uid=%ld gid=%ld", syscall(SYS_getuid), syscall(SYS_getgid));
    return reply_textz(id, buf);
  }
  if (IS("caps")) return op_caps(id);
  if (IS("clock")) { /* clock_gettime as this task sees it (through the vDSO: its time namespace's offsets) */
    struct timespec ts;
    if (clock_gettime((clockid_t)num(a1), &ts) < 0) return reply_err(id, errno);
    char buf[64];
    snprintf(buf, sizeof buf, "%lld %ld", (long long)ts.tv_sec, (long)ts.tv_nsec);
    return reply_textz(id, buf);
  }
  if (IS("setuid")) {
    long u = (long)num(a1);
    long r = syscall(SYS_setresuid, u, u, u);
    int e = errno;
    rearm_pdeathsig(); /* commit_creds cleared PR_SET_PDEATHSIG */
    return r < 0 ? reply_err(id, e) : reply_ok(id);
  }
  if (IS("setgid")) {
    long g = (long)num(a1);
    long r = syscall(SYS_setresgid, g, g, g);
    int e = errno;
    rearm_pdeathsig();
    return r < 0 ? reply_err(id, e) : reply_ok(id);
  }
  if (IS("write")) return op_write(id, a1, a2, n > 3 ? len[3] : 0, n > 4 ? (int)num(a3) : O_WRONLY);
  if (IS("read")) return op_read(id, a1, n > 3 ? (int)num(a2) : O_RDONLY);
  if (IS("setgroups")) return op_setgroups(id, a1);
  if (IS("sethostname"))
    return sethostname(a1, len[2]) < 0 ? reply_err(id, errno) : reply_ok(id);
  if (IS("setdomainname"))
    return setdomainname(a1, len[2]) < 0 ? reply_err(id, errno) : reply_ok(id);
  if (IS("hostname")) return op_uname(id, 0);
  if (IS("domainname")) return op_uname(id, 1);
  if (IS("ipcget")) return op_ipcget(id, a1, (key_t)num(a2), (int)num(a3 ? a3 : "0"), n > 5 ? tok[5] : NULL);
  if (IS("ipcctl") && n > 4) return op_ipcctl(id, a1, (int)num(a2), (int)num(a3));
  if (IS("ipcs")) return op_ipcs(id, a1);
  if (IS("ipcrm")) return op_ipcrm(id, a1, (int)num(a2));
  if (IS("ipcstat")) return op_ipcstat(id, a1, (int)num(a2));
  if (IS("msgsnd") && n > 5) return op_msgsnd(id, (int)num(a1), (long)num(a2), num(a3), tok[5], len[5]);
  if (IS("msgrcv") && n > 5) return op_msgrcv(id, (int)num(a1), num(a2), (long)num(a3), (int)num(tok[5]));
  if (IS("semop")) return op_semop(id, (int)num(a1), a2, a3 ? (int)num(a3) : 0);
  if (IS("mq_open")) return op_mq_open(id, a1, (int)num(a2));
  if (IS("mq_unlink")) return op_mq_unlink(id, a1);
  if (IS("getpid")) return reply_int(id, syscall(SYS_getpid));
  if (IS("getppid")) return reply_int(id, syscall(SYS_getppid));
  if (IS("kill")) {
    if ((pid_t)num(a1) == -1 && in_host_pidns()) return reply(id, "refused to kill(-1) in the host's pid namespace");
    return syscall(SYS_kill, (pid_t)num(a1), (int)num(a2)) < 0 ? reply_err(id, errno) : reply_ok(id);
  }
  if (IS("sigaction")) return op_sigaction(id, (int)num(a1), a2);
  if (IS("caught")) return op_caught(id);
  if (IS("pidfd-open")) return op_pidfd_open(id, (pid_t)num(a1), a2, (unsigned int)num(a3 ? a3 : "0"));
  if (IS("pidfd-send")) return op_pidfd_send(id, a1, (int)num(a2), (unsigned int)num(a3 ? a3 : "0"));
  if (IS("wait")) return op_wait(id, (pid_t)num(a1));
  if (IS("pdeathsig"))
    return prctl(PR_SET_PDEATHSIG, (unsigned long)num(a1), 0, 0, 0) < 0 ? reply_err(id, errno) : reply_ok(id);
  if (IS("prctl")) return op_prctl(id, a1, n > 3 ? a2 : NULL);
  if (IS("capset") && n > 4) return op_capset(id, (unsigned long long)num(a1), (unsigned long long)num(a2), (unsigned long long)num(a3));
  if (IS("pidin")) return op_pidin(id, (pid_t)num(a1), (pid_t)num(a2));
  if (IS("peer-groups")) return op_peer_groups(id, a1);
  if (IS("mkdir")) return op_mkdir(id, a1);
  if (IS("mount") && n > 5) return op_mount(id, a1, a2, a3, (unsigned long)num(tok[5]));
  if (IS("umount")) return op_umount(id, a1, (int)num(a2));
  if (IS("touch")) return op_touch(id, a1);
  if (IS("chown") && n > 4) return op_chown(id, a1, (uid_t)num(a2), (gid_t)num(a3));
  if (IS("owner")) {
    struct stat st;
    if (stat(a1, &st) < 0) return reply_err(id, errno);
    char buf[64];
    snprintf(buf, sizeof buf, "uid=%u gid=%u", (unsigned)st.st_uid, (unsigned)st.st_gid);
    return reply_textz(id, buf);
  }
  if (IS("stat")) {
    struct stat st;
    return stat(a1, &st) < 0 ? reply_err(id, errno) : reply_ok(id);
  }
  if (IS("chdir")) return chdir(a1) < 0 ? reply_err(id, errno) : reply_ok(id);
  if (IS("chroot")) return chroot(a1) < 0 ? reply_err(id, errno) : reply_ok(id);
  if (IS("pivot-root")) return op_pivot_root(id, a1, a2);
  if (IS("readlink")) return op_readlink(id, a1);
  if (IS("listdir")) return op_listdir(id, a1);
  if (IS("mountinfo")) return op_mountinfo(id, a1);
  if (IS("pin")) return op_pin(id, a1, a2);
  if (IS("nspath")) return op_nspath(id, a1);
  if (IS("links")) return op_links(id);
  if (IS("link")) return op_link(id, a1);
  if (IS("veth")) return op_veth(id, a1, a2);
  if (IS("link-netns")) return op_link_netns(id, a1, a2);
  if (IS("link-netns-pid")) return op_link_netns_pid(id, a1, (long)num(a2));
  if (IS("link-set")) return op_link_set(id, a1, (int)num(a2));
  if (IS("link-del")) return op_link_del(id, a1);
  if (IS("addr-add")) return op_addr_add(id, a1, a2, a3 ? (long)num(a3) : -1);
  if (IS("addrs")) return op_addrs(id, a1);
  if (IS("route-add-default")) return op_route_add_default(id, a1);
  if (IS("routes")) return op_routes(id);
  if (IS("link-oper")) return op_link_oper(id, a1);
  if (IS("link-mtu")) return op_link_mtu(id, a1, (long)num(a2));
  if (IS("addr-del")) return op_addr_del(id, a1, a2, a3 ? (long)num(a3) : -1);
  if (IS("route-add-via") && n > 4) return op_route(id, RTM_NEWROUTE, NLM_F_CREATE | NLM_F_EXCL, a1, (long)num(a2), a3, NULL);
  if (IS("route-add-dev") && n > 4) return op_route(id, RTM_NEWROUTE, NLM_F_CREATE | NLM_F_EXCL, a1, (long)num(a2), NULL, a3);
  if (IS("route-change-dev") && n > 4) return op_route(id, RTM_NEWROUTE, NLM_F_REPLACE, a1, (long)num(a2), NULL, a3);
  if (IS("route-del")) return op_route(id, RTM_DELROUTE, 0, a1, (long)num(a2), NULL, NULL);
  if (IS("route-get")) return op_route_get(id, a1);
  if (IS("routes-local")) return op_routes_local(id);
  if (IS("nsid-set")) return op_nsid(id, a1, a2);
  if (IS("nsid")) return op_nsid(id, a1, NULL);
  if (IS("nsids")) return op_nsids(id);
  if (IS("sock-bind") && n > 5) return op_sock_bind(id, a1, (long)num(a2), a3, tok[5]);
  if (IS("sock-listen")) return op_sock_listen(id, a1);
  if (IS("sock-connect") && n > 5) return op_sock_connect(id, a1, a2, (long)num(a3), tok[5]);
  if (IS("sock-accept")) return op_sock_accept(id, a1, a2);
  if (IS("sock-send")) return op_sock_send(id, a1, a2, n > 3 ? len[3] : 0);
  if (IS("sock-recv")) return op_sock_recv(id, a1);
  if (IS("sockns")) return op_sockns(id, a1);
  if (IS("net-settle")) return op_net_settle(id);
  if (IS("rcu-sync")) return op_rcu_sync(id);
#undef IS
  return reply_err(id, ENOSYS);
}

/* Split a request line into percent-decoded tokens and handle it. */
static void handle_line(char *line) {
  char *tok[MAX_TOKENS];
  size_t len[MAX_TOKENS];
  int n = 0;
  /* Tokens are separated by exactly one space, so an empty argument survives. */
  for (char *p = line, *t; (t = strsep(&p, " ")) != NULL && n < MAX_TOKENS;) {
    len[n] = pct_decode(t);
    tok[n++] = t;
  }
  handle(tok, len, n);
}

/* Make room for `need` bytes in a growable buffer; exits when memory is out
   (the driver then sees the task die rather than a request lost). */
static void grow(char **buf, size_t *cap, size_t need) {
  if (need <= *cap) return;
  size_t n = *cap ? *cap : IN_CHUNK;
  while (n < need) n *= 2;
  char *p = realloc(*buf, n);
  if (!p) _exit(12);
  *buf = p;
  *cap = n;
}

/* Read the requests of channel c forever. A freshly cloned child returns
   here through the clone request it was born in, with its copy of c already
   its own (child_start: its request pipe, no bytes buffered; clone without
   CLONE_VM copies the heap). A thread of the `thread` request runs here on
   its own channel. Only a request's handling touches `cur`: a thread waiting
   in read(2) uses c alone. A request line of any length is read whole, so a
   long argument reaches the kernel, which gives its own answer (EINVAL,
   ENAMETOOLONG). */
static void serve(struct chan *c) {
  size_t scanned = 0; /* bytes of c->buf known to hold no newline */
  for (;;) {
    char *nl;
    while (c->len > scanned && (nl = memchr(c->buf + scanned, '\n', c->len - scanned)) != NULL) {
      size_t l = (size_t)(nl - c->buf);
      grow(&c->line, &c->linecap, l + 1);
      memcpy(c->line, c->buf, l);
      c->line[l] = '\0';
      c->len -= l + 1;
      memmove(c->buf, nl + 1, c->len);
      scanned = 0;
      cur = c;
      kept = c->kept;
      handle_line(c->line); /* a new child comes back here with c->len 0 */
    }
    scanned = c->len;
    grow(&c->buf, &c->cap, c->len + IN_CHUNK);
    ssize_t n = read(c->fd, c->buf + c->len, c->cap - c->len);
    if (n == 0) _exit(0); /* the host agent's stdin closed: the driver is done */
    if (n < 0) {
      if (errno == EINTR) continue;
      _exit(1);
    }
    c->len += (size_t)n;
  }
}

/*
 * A thread of the caller's process (the `thread` request): clone(2) with
 * CLONE_THREAD|CLONE_SIGHAND|CLONE_VM and no other flag (so its own fd table
 * and fs_struct, copies, like a child's; without CLONE_THREAD, a process of
 * its own sharing our memory, exit signal SIGCHLD), on a stack of its own, through
 * glibc's clone(), which runs thread_main there (no TLS of its own: errno is
 * shared, harmless as one thread at a time runs a request). Like a child, it
 * says `born <host tid> <fd>` and serves its own request pipe; its kept fds
 * are a copy of its creator's (the same numbers, in its copy of the fd table).
 * It ends with the `exit` request (exit(2): this thread only), or with its
 * process.
 */
#define THREAD_STACK (8UL << 20)
struct thread_start {
  struct chan *c;
  int old_fd, old_keep; /* the creator's request pipe, in our copy of its fd table */
  char id[32];
};

static int thread_main(void *arg) {
  struct thread_start *t = arg;
  struct chan *c = t->c;
  if (t->old_fd != c->fd) close(t->old_fd);
  if (t->old_keep >= 0) close(t->old_keep);
  /* /proc/thread-self is "<tgid>/task/<tid>", in the host pid ns (see child_start). */
  char self[64];
  ssize_t n = proc_fd >= 0 ? readlinkat(proc_fd, "thread-self", self, sizeof self - 1) : readlink("/proc/thread-self", self, sizeof self - 1);
  const char *tid = NULL;
  if (n > 0) {
    self[n] = '\0';
    const char *slash = strrchr(self, '/');
    tid = slash ? slash + 1 : NULL;
  }
  if (!tid) {
    reply(t->id, "fail %s readlink /proc/thread-self", errname(errno));
    syscall(SYS_exit, 127);
  }
  reply(t->id, "born %s %d", tid, c->fd);
  /* t is not freed: glibc takes this process for single-threaded (no locks in
     malloc), and the creator may still be on its way back from its request. */
  serve(c);
  return 0;
}

static int op_thread(const char *id, unsigned long flags) {
  /* CLONE_VM always (the new task runs on our memory); without CLONE_THREAD a process, reaped at once (SIGCHLD). */
  if (!(flags & CLONE_VM) || (flags & ~(unsigned long)(CLONE_THREAD | CLONE_SIGHAND | CLONE_VM))) return reply_err(id, EINVAL);
  struct chan *c = calloc(1, sizeof *c);
  struct thread_start *t = calloc(1, sizeof *t);
  struct kept *k = calloc(MAX_FDS, sizeof *k);
  void *stack = mmap(NULL, THREAD_STACK, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS | MAP_NORESERVE | MAP_STACK, -1, 0);
  int p[2] = {-1, -1};
  int e = ENOMEM;
  if (!c || !t || !k || stack == MAP_FAILED) goto fail;
  for (int i = 0; i < MAX_FDS; i++) {
    if (!kept[i].name) continue;
    k[i].name = strdup(kept[i].name);
    if (!k[i].name) goto fail;
    k[i].fd = kept[i].fd;
  }
  if (pipe2(p, O_CLOEXEC) < 0) {
    e = errno;
    goto fail;
  }
  c->fd = p[0];
  c->keep = p[1];
  c->kept = k;
  t->c = c;
  t->old_fd = cmd_fd;
  t->old_keep = cmd_keep;
  snprintf(t->id, sizeof t->id, "%s", id);
  long tid = clone(thread_main, (char *)stack + THREAD_STACK, (int)flags | ((flags & CLONE_THREAD) ? 0 : SIGCHLD), t);
  e = errno;
  close(p[0]); /* the thread has its own copies */
  close(p[1]);
  if (tid < 0) goto fail_clone;
  return reply_int(id, tid);
fail:
  if (p[0] >= 0) close(p[0]);
  if (p[1] >= 0) close(p[1]);
fail_clone:
  if (k)
    for (int i = 0; i < MAX_FDS; i++) free(k[i].name);
  free(k);
  free(c);
  free(t);
  if (stack != MAP_FAILED) munmap(stack, THREAD_STACK);
  return reply_err(id, e);
}

/* ------------------------------------------------------------------------- */
/* Start-up.                                                                  */

/*
 * Keeps the host agent, and so every task, on one CPU. Namespace ids
 * (NS_GET_ID) come from per-CPU batches (include/linux/cookie.h), so two
 * namespaces made one after the other on different CPUs can get ids in the
 * opposite order, and the kernel compares mount namespace ids to tell the
 * newer one (mnt_ns_loop: binding a mount namespace file is refused unless
 * its namespace's id is above the caller's). On one CPU the ids rise in the
 * order the namespaces are made, as the model's do. Best effort.
 */
static void one_cpu(void) {
  cpu_set_t set;
  CPU_ZERO(&set);
  if (sched_getaffinity(0, sizeof set, &set) < 0) return;
  for (int cpu = 0; cpu < CPU_SETSIZE; cpu++) {
    if (!CPU_ISSET(cpu, &set)) continue;
    CPU_ZERO(&set);
    CPU_SET(cpu, &set);
    sched_setaffinity(0, sizeof set, &set);
    return;
  }
}

/* Without root, run the host agent as root of a new user namespace that maps
   our own ids (the world is then nested one user namespace deeper). */
static int enter_own_userns(void) {
  char map[64];
  uid_t uid = geteuid();
  gid_t gid = getegid();
  if (unshare(CLONE_NEWUSER) < 0) return -1;
  int fd = open("/proc/self/setgroups", O_WRONLY);
  if (fd >= 0) {
    if (write(fd, "deny", 4) < 0) { /* checked by the gid_map write below */
    }
    close(fd);
  }
  snprintf(map, sizeof map, "0 %u 1", (unsigned)uid);
  fd = open("/proc/self/uid_map", O_WRONLY);
  if (fd < 0 || write(fd, map, strlen(map)) < 0) return -1;
  close(fd);
  snprintf(map, sizeof map, "0 %u 1", (unsigned)gid);
  fd = open("/proc/self/gid_map", O_WRONLY);
  if (fd < 0 || write(fd, map, strlen(map)) < 0) return -1;
  close(fd);
  return 0;
}

/* Builds a world as spawn-init does, in a child that goes away at once, so a
   world that cannot be built is said by the probe rather than by every run. */
static int probe_world(char *why, size_t cap) {
  int p[2];
  if (pipe2(p, O_CLOEXEC) < 0) {
    snprintf(why, cap, "pipe: %s", errname(errno));
    return -1;
  }
  long pid = clone_task(WORLD_FLAGS);
  if (pid == 0) {
    const char *what = "";
    close(p[0]);
    if (setup_world(&what) < 0) {
      char msg[200];
      int n = snprintf(msg, sizeof msg, "%s: %s", what, errname(errno));
      if (write(p[1], msg, (size_t)n) < 0) _exit(2);
      _exit(1);
    }
    _exit(0);
  }
  int e = errno;
  close(p[1]);
  if (pid < 0) {
    close(p[0]);
    snprintf(why, cap, "clone with new cgroup, ipc, mnt, net, pid, time and uts namespaces: %s", errname(e));
    return -1;
  }
  ssize_t n = read(p[0], why, cap - 1);
  close(p[0]);
  int status = 0;
  while (waitpid((pid_t)pid, &status, 0) < 0 && errno == EINTR) {
  }
  if (n > 0) {
    why[n] = '\0';
    return -1;
  }
  if (!WIFEXITED(status) || WEXITSTATUS(status) != 0) {
    snprintf(why, cap, "init of a new world did not start (wait status %d)", status);
    return -1;
  }
  return 0;
}

static int probe(void) {
  if (geteuid() != 0 && enter_own_userns() < 0) {
    printf("not root, and unprivileged user namespaces are not available (unshare(CLONE_NEWUSER): %s)\n", errname(errno));
    return 1;
  }
  char why[256];
  if (probe_world(why, sizeof why) < 0) {
    printf("cannot build the world of a run: %s\n", why);
    return 1;
  }
  puts("ok");
  return 0;
}

/* In a new user, mount and pid namespace (its own, so that the mount is
   capable: proc_fill_super wants CAP_SYS_ADMIN over the pid namespace's
   owner), mount a new proc as the `mount proc` op does. fs/namespace.c
   mount_too_revealing lets a mount namespace not owned by the initial user
   namespace mount proc only where a proc mount is already fully visible in
   it (mnt_already_visible: no locked mount over anything but an empty
   directory); a container's masked paths (/proc/kcore, /proc/acpi, ...),
   locked in every copy of its mount namespace, hide it. Prints "ok" or the
   errno name of the first call that failed. */
static int probe_userns_proc(void) {
  pid_t pid = fork();
  if (pid < 0) {
    dprintf(1, "fork: %s\n", errname(errno));
    return 1;
  }
  if (pid == 0) {
    if (unshare(CLONE_NEWUSER | CLONE_NEWNS | CLONE_NEWPID) < 0) {
      dprintf(1, "unshare(CLONE_NEWUSER|CLONE_NEWNS|CLONE_NEWPID): %s\n", errname(errno));
      _exit(1);
    }
    pid_t child = fork(); /* the first task of the new pid namespace */
    if (child < 0) {
      dprintf(1, "fork: %s\n", errname(errno));
      _exit(1);
    }
    if (child == 0) {
      if (mount(NULL, "/", NULL, MS_REC | MS_PRIVATE, NULL) < 0) {
        dprintf(1, "make / rprivate: %s\n", errname(errno));
        _exit(1);
      }
      if (mount("proc", "/proc", "proc", 0, NULL) < 0) {
        dprintf(1, "%s\n", errname(errno));
        _exit(1);
      }
      dprintf(1, "ok\n");
      _exit(0);
    }
    int status = 0;
    while (waitpid(child, &status, 0) < 0 && errno == EINTR) {
    }
    _exit(WIFEXITED(status) ? WEXITSTATUS(status) : 1);
  }
  int status = 0;
  while (waitpid(pid, &status, 0) < 0 && errno == EINTR) {
  }
  return WIFEXITED(status) ? WEXITSTATUS(status) : 1;
}

int main(int argc, char **argv) {
  if (argc > 1 && strcmp(argv[1], "--probe") == 0) return probe();
  if (argc > 1 && strcmp(argv[1], "--probe-userns-proc") == 0) return probe_userns_proc();

  pid_t parent = getppid();
  /* No core files from tasks killed by SIGQUIT & co. */
  struct rlimit nocore = {0, 0};
  setrlimit(RLIMIT_CORE, &nocore);
  /* Every agent (tasks inherit it) lets the kernel reap its children at once. */
  signal(SIGCHLD, SIG_IGN);
  one_cpu();

  if (geteuid() != 0 && enter_own_userns() < 0) {
    fprintf(stderr, "nsproxy-agent: cannot enter a user namespace: %s\n", strerror(errno));
    return 1;
  }
  /* Die with the driver. Only now: entering a user namespace is a change of
     credentials, which clears PR_SET_PDEATHSIG. A driver gone before this is
     seen here, or later as EOF on stdin. */
  prctl(PR_SET_PDEATHSIG, SIGKILL);
  if (getppid() != parent) return 1;
  /* Inherited by init, which watches it (rearm_pdeathsig); ENOSYS before Linux 5.3. */
  host_pidfd = (int)syscall(SYS_pidfd_open, getpid(), 0);
  /* The host's mount namespace, where no mount request may run (in_host_mntns). */
  struct stat mntns;
  if (stat("/proc/self/ns/mnt", &mntns) < 0) {
    fprintf(stderr, "nsproxy-agent: cannot stat /proc/self/ns/mnt: %s\n", strerror(errno));
    return 1;
  }
  host_mnt_dev = mntns.st_dev;
  host_mnt_ino = mntns.st_ino;
  /* The host's net namespace, where no network request may run (in_host_netns). */
  struct stat netns;
  if (stat("/proc/self/ns/net", &netns) < 0) {
    fprintf(stderr, "nsproxy-agent: cannot stat /proc/self/ns/net: %s\n", strerror(errno));
    return 1;
  }
  host_net_dev = netns.st_dev;
  host_net_ino = netns.st_ino;
  struct stat pidns;
  if (stat("/proc/self/ns/pid", &pidns) == 0) host_pid_ino = pidns.st_ino;
  record_host_devs();
  if (!host_devs || n_host_devs == 0) {
    fprintf(stderr, "nsproxy-agent: cannot read the host's mounts (/proc/self/mountinfo)\n");
    return 1;
  }
  cmd_fd = 0;
  reply("0", "ready %d", (int)getpid());
  serve(&main_chan);
  return 0;
}
