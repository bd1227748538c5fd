/*
 * nsproxy-agent: the real-kernel side of @nsproxy/linux.
 *
 * One agent process stands for one scenario task. The driver (Node) starts a
 * single "host agent" in the host's namespaces (not a scenario task); it
 * clones `init` with fresh namespaces of every type but user, and every other
 * task is cloned by the agent of the task that acts, with the real CLONE_NEW*
 * flags (through clone3(2): see clone_task). Agents are single-threaded and
 * use raw system calls where glibc might rely on state that a raw clone
 * leaves stale (cached tids): no raise(), no threads, no stdio in tasks.
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
 *   clone <flags>               clone3(flags, SIGCHLD); result: the child's pid
 *   spawn-init <flags>          the same, and the child sets up the world: / made
 *                               rprivate, a tmpfs over /tmp and another on
 *                               /tmp/nss (nothing made in the host's file system),
 *                               PR_SET_PDEATHSIG re-armed after every change of
 *                               credentials (see rearm_pdeathsig)
 *   unshare <flags>             unshare(2)
 *   ns <path>                   readlink + open + NS_GET_NSTYPE + NS_GET_ID
 *   setns-path <path> <nstype>  open, setns, close
 *   setns-pid <pid> <flags>     pidfd_open(pid), setns(pidfd, flags), close
 *   open <path> <name>          open O_RDONLY and keep the fd as <name>
 *   setns-fd <name> <nstype>    setns on a kept fd (-1: the fd's own type)
 *   close <name>                close a kept fd
 *   fdns <name>                 the namespace of a kept fd
 *   ioctl <name> <cmd> [<new>]  NS_GET_USERNS|NS_GET_PARENT (keep <new>),
 *                               NS_GET_NSTYPE, NS_GET_OWNER_UID
 *   exit <code>                 _exit(code); no response
 *   id | caps | getpid | getppid | hostname | domainname
 *   setuid <n> | setgid <n>     setresuid / setresgid
 *   write <path> <data>         open O_WRONLY, one write(2), close
 *   read <path>                 the whole file as text
 *   sethostname <s> | setdomainname <s>
 *   ipcget shm|msg|sem <key> <create 0|1>
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
 *   semop <id> -|<num>:<op>,... semop, every sem_flg IPC_NOWAIT
 *   mq_open <name> <oflag>      mq_open(name, oflag, 0600, NULL), then close
 *   mq_unlink <name>            mq_unlink(name)
 *   kill <pid> <signo>
 *   pidin <hostpid> <hostpid>   (host agent) NS_GET_PID_IN_PIDNS of the
 *                               second pid in the first one's active pid ns;
 *                               0 when it has no pid there
 *   peer-groups <pid>,<pid>...  (host agent) text: the distinct peer-group ids
 *                               (shared:/master:/propagate_from:) of those
 *                               pids' /proc/<pid>/mountinfo, space-separated
 *   mkdir <path>                mkdir(path, 0755)
 *   mount <src> <dst> <fstype> <flags>
 *                               mount(2), no data; an empty src or fstype is NULL
 *   umount <path> <flags>       umount2(2)
 *   touch <path>                open(O_WRONLY|O_CREAT, 0644), close
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
 */
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <poll.h>
#include <linux/capability.h>
#include <linux/ioctl.h>
#include <linux/types.h>
#include <sched.h>
#include <signal.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/ipc.h>
#include <sys/mount.h>
#include <sys/msg.h>
#include <sys/prctl.h>
#include <sys/resource.h>
#include <sys/sem.h>
#include <sys/shm.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <sys/sysmacros.h>
#include <sys/utsname.h>
#include <sys/wait.h>
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

static int cmd_fd;                  /* where this agent reads its requests */
static int cmd_keep = -1;           /* the write side of its request pipe, kept so that a read never sees EOF */
static int host_pidfd = -1;         /* host agent and init: a pidfd of the host agent */
static int world_init;              /* this agent is the world's init */
static int proc_fd = -1;            /* tasks: the world's procfs (init's /proc, opened O_PATH at its start) */
static dev_t host_mnt_dev;          /* the host agent's mount namespace (never a mount op there) */
static ino_t host_mnt_ino;
static dev_t *host_devs;            /* the devices of every file system the host had mounted at start */
static size_t n_host_devs;          /* (no file is ever created on one: see on_host_fs) */
static char *inbuf;                 /* bytes read but not yet handled (grows: a request line has no length limit) */
static size_t inlen, incap;

/* Kept fds, named by the scenario. Copied into children with the fd table. */
static struct kept {
  char *name; /* NULL: a free slot; a name of any length (heap, copied into children) */
  int fd;
} kept[MAX_FDS];

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

/* Read a whole file of any size into a new buffer (NUL-terminated); returns
   its length, or -errno. *out is NULL on failure. */
static ssize_t read_all(const char *path, char **out) {
  *out = NULL;
  int fd = open_proc(path, O_RDONLY | O_CLOEXEC);
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

/* The first steps of a new task: take its own request pipe, report its host pid. */
static int child_start(const char *id, const int pipefd[2], int world) {
  const char *what = "take the request pipe";
  /* The parent's request pipe came along with the fork: not ours. */
  if (cmd_fd != pipefd[0]) close(cmd_fd);
  if (cmd_keep >= 0) close(cmd_keep);
  cmd_fd = pipefd[0];
  cmd_keep = pipefd[1];
  inlen = 0; /* requests buffered for the parent are not ours */
  world_init = 0;
  if (!world && host_pidfd >= 0) { /* only init watches the host agent */
    close(host_pidfd);
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
  args.exit_signal = SIGCHLD;
  long pid = syscall(SYS_clone3, &args, sizeof args);
  if (pid >= 0 || errno != ENOSYS) return pid;
#endif
  if (flags & CLONE_NEWTIME) { /* not expressible with clone(2) */
    errno = EINVAL;
    return -1;
  }
  return syscall(SYS_clone, flags | SIGCHLD, 0L, 0L, 0L, 0L);
}

static int op_clone(const char *id, unsigned long flags, int world) {
  int p[2];
  if (pipe2(p, O_CLOEXEC) < 0) return reply_err(id, errno);
  long pid = clone_task(flags);
  if (pid == 0) return child_start(id, p, world);
  int e = errno;
  close(p[0]);
  close(p[1]);
  if (pid < 0) return reply_err(id, e);
  return reply_int(id, pid);
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

static int op_open(const char *id, const char *path, const char *name) {
  int fd = open_proc(path, O_RDONLY); /* no O_CLOEXEC: like any fd, kept across exec too */
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
  if (!k) return reply_err(id, EBADF);
  int r = close(k->fd);
  int e = errno;
  free(k->name);
  k->name = NULL;
  k->fd = -1;
  if (r < 0) return reply_err(id, e);
  return reply_ok(id);
}

static int op_fdns(const char *id, const char *name) {
  struct kept *k = find_kept(name);
  if (!k) return reply_err(id, EBADF);
  return reply_ns_of_fd(id, k->fd);
}

static int op_ioctl(const char *id, const char *name, const char *cmd, const char *newname) {
  struct kept *k = find_kept(name);
  if (!k) return reply_err(id, EBADF);
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

static int op_write(const char *id, const char *path, const char *data, size_t len) {
  int fd = open_proc(path, O_WRONLY | O_CLOEXEC);
  if (fd < 0) return reply_err(id, errno);
  ssize_t n = write(fd, data, len); /* one write: a map is accepted once, whole */
  int e = errno;
  close(fd);
  if (n < 0) return reply_err(id, e);
  return reply_ok(id);
}

static int op_read(const char *id, const char *path) {
  char *buf;
  ssize_t n = read_all(path, &buf);
  if (n < 0) return reply_err(id, (int)-n);
  reply_text(id, buf, (size_t)n);
  free(buf);
  return 0;
}

static int op_uname(const char *id, int domain) {
  struct utsname u;
  if (uname(&u) < 0) return reply_err(id, errno);
  return reply_textz(id, domain ? u.domainname : u.nodename);
}

static int op_ipcget(const char *id, const char *kind, key_t key, int create) {
  int flags = create ? IPC_CREAT | 0600 : 0;
  int r;
  if (strcmp(kind, "shm") == 0)
    r = shmget(key, 4096, flags);
  else if (strcmp(kind, "msg") == 0)
    r = msgget(key, flags);
  else if (strcmp(kind, "sem") == 0)
    r = semget(key, 1, flags);
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
static int op_semop(const char *id, int semid, const char *list) {
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
    sops[i].sem_flg = IPC_NOWAIT;
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
  int r = proc_fd >= 0 ? fstatat(proc_fd, "self/ns/mnt", &st, 0) : stat("/proc/self/ns/mnt", &st);
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
  if (stat(path, &st) < 0) {
    char *dir = strdup(path);
    if (!dir) return 1;
    char *slash = strrchr(dir, '/');
    if (slash == dir) slash[1] = '\0';
    else if (slash) *slash = '\0';
    int r = stat(slash ? dir : ".", &st);
    free(dir);
    if (r < 0) return 0; /* nothing will be created: the call fails by itself */
  }
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
  ssize_t n = read_all("/proc/self/mountinfo", &info);
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
 * then bind the open file onto it, as /proc/self/fd/<n> of the world's procfs
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
    snprintf(src, sizeof src, "self/fd/%d", nsfd);
    r = mount(src, path, NULL, MS_BIND, NULL);
    e = errno;
    if (fchdir(cwd) < 0) _exit(70); /* cannot restore the cwd: the task is unusable */
  } else {
    snprintf(src, sizeof src, "/proc/self/fd/%d", nsfd);
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
/* Dispatch.                                                                  */

static int handle(char **tok, size_t *len, int n) {
  if (n < 2) return 0; /* not a request: ignore */
  const char *id = tok[0], *op = tok[1];
  const char *a1 = n > 2 ? tok[2] : "", *a2 = n > 3 ? tok[3] : "", *a3 = n > 4 ? tok[4] : NULL;
#define IS(s) (strcmp(op, s) == 0)
  if (IS("clone")) return op_clone(id, (unsigned long)num(a1), 0);
  if (IS("spawn-init")) return op_clone(id, (unsigned long)num(a1), 1);
  if (IS("unshare")) {
    int r = unshare((int)num(a1)), e = errno;
    rearm_pdeathsig(); /* a new user namespace is a change of credentials */
    return r < 0 ? reply_err(id, e) : reply_ok(id);
  }
  if (IS("ns")) return op_ns(id, a1);
  if (IS("setns-path")) return op_setns_path(id, a1, (int)num(a2));
  if (IS("setns-pid")) return op_setns_pid(id, (pid_t)num(a1), (int)num(a2));
  if (IS("open")) return op_open(id, a1, a2);
  if (IS("setns-fd")) return op_setns_fd(id, a1, (int)num(a2));
  if (IS("close")) return op_close(id, a1);
  if (IS("fdns")) return op_fdns(id, a1);
  if (IS("ioctl")) return op_ioctl(id, a1, a2, a3);
  if (IS("exit")) _exit((int)num(a1) & 0xff);
  if (IS("id")) {
    char buf[64];
    snprintf(buf, sizeof buf, "uid=%ld gid=%ld", syscall(SYS_getuid), syscall(SYS_getgid));
    return reply_textz(id, buf);
  }
  if (IS("caps")) return op_caps(id);
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
  if (IS("write")) return op_write(id, a1, a2, n > 3 ? len[3] : 0);
  if (IS("read")) return op_read(id, a1);
  if (IS("sethostname"))
    return sethostname(a1, len[2]) < 0 ? reply_err(id, errno) : reply_ok(id);
  if (IS("setdomainname"))
    return setdomainname(a1, len[2]) < 0 ? reply_err(id, errno) : reply_ok(id);
  if (IS("hostname")) return op_uname(id, 0);
  if (IS("domainname")) return op_uname(id, 1);
  if (IS("ipcget")) return op_ipcget(id, a1, (key_t)num(a2), (int)num(a3 ? a3 : "0"));
  if (IS("ipcs")) return op_ipcs(id, a1);
  if (IS("ipcrm")) return op_ipcrm(id, a1, (int)num(a2));
  if (IS("ipcstat")) return op_ipcstat(id, a1, (int)num(a2));
  if (IS("msgsnd") && n > 5) return op_msgsnd(id, (int)num(a1), (long)num(a2), num(a3), tok[5], len[5]);
  if (IS("msgrcv") && n > 5) return op_msgrcv(id, (int)num(a1), num(a2), (long)num(a3), (int)num(tok[5]));
  if (IS("semop")) return op_semop(id, (int)num(a1), a2);
  if (IS("mq_open")) return op_mq_open(id, a1, (int)num(a2));
  if (IS("mq_unlink")) return op_mq_unlink(id, a1);
  if (IS("getpid")) return reply_int(id, syscall(SYS_getpid));
  if (IS("getppid")) return reply_int(id, syscall(SYS_getppid));
  if (IS("kill"))
    return syscall(SYS_kill, (pid_t)num(a1), (int)num(a2)) < 0 ? reply_err(id, errno) : reply_ok(id);
  if (IS("pidin")) return op_pidin(id, (pid_t)num(a1), (pid_t)num(a2));
  if (IS("peer-groups")) return op_peer_groups(id, a1);
  if (IS("mkdir")) return op_mkdir(id, a1);
  if (IS("mount") && n > 5) return op_mount(id, a1, a2, a3, (unsigned long)num(tok[5]));
  if (IS("umount")) return op_umount(id, a1, (int)num(a2));
  if (IS("touch")) return op_touch(id, a1);
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

/* Read requests forever. A freshly cloned child returns here through the
   clone request it was born in, with cmd_fd already its request pipe (and
   its own copies of both buffers: clone without CLONE_VM copies the heap).
   A request line of any length is read whole, so a long argument reaches the
   kernel, which gives its own answer (EINVAL, ENAMETOOLONG). */
static void serve(void) {
  static char *line;
  static size_t linecap;
  size_t scanned = 0; /* bytes of inbuf known to hold no newline */
  for (;;) {
    char *nl;
    while (inlen > scanned && (nl = memchr(inbuf + scanned, '\n', inlen - scanned)) != NULL) {
      size_t l = (size_t)(nl - inbuf);
      grow(&line, &linecap, l + 1);
      memcpy(line, inbuf, l);
      line[l] = '\0';
      inlen -= l + 1;
      memmove(inbuf, nl + 1, inlen);
      scanned = 0;
      handle_line(line); /* a new child comes back here with inlen 0 */
    }
    scanned = inlen;
    grow(&inbuf, &incap, inlen + IN_CHUNK);
    ssize_t n = read(cmd_fd, inbuf + inlen, incap - inlen);
    if (n == 0) _exit(0); /* the host agent's stdin closed: the driver is done */
    if (n < 0) {
      if (errno == EINTR) continue;
      _exit(1);
    }
    inlen += (size_t)n;
  }
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

int main(int argc, char **argv) {
  if (argc > 1 && strcmp(argv[1], "--probe") == 0) return probe();

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
  record_host_devs();
  if (!host_devs || n_host_devs == 0) {
    fprintf(stderr, "nsproxy-agent: cannot read the host's mounts (/proc/self/mountinfo)\n");
    return 1;
  }
  cmd_fd = 0;
  reply("0", "ready %d", (int)getpid());
  serve();
  return 0;
}
