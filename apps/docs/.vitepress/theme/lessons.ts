/**
 * The playground's guided lessons: each replays one scenario of the corpus
 * (packages/scenario/corpus, run on both kernels by `npm test`), step by step,
 * with a sentence per step. What a lesson shows is the transcript the corpus
 * checks; the sentences only explain it. Data only, browser-safe.
 */

/** A guided lesson: a corpus scenario and the explanation of each of its steps. */
export interface Lesson {
  /** The lesson's name in the URL (`#lesson=<id>&step=<n>`). */
  readonly id: string;
  readonly title: string;
  /** The corpus scenario it replays, `<area>/<name>` (packages/scenario/corpus/<area>/<name>.nss). */
  readonly scenario: string;
  /** What the lesson is about, shown before the first step. */
  readonly intro: string;
  /** One sentence per step of the scenario, in order (a test checks the counts match). */
  readonly notes: readonly string[];
}

export const LESSONS: readonly Lesson[] = [
  {
    id: 'unshare-pid-needs-fork',
    title: 'Why `unshare --pid` needs `--fork`',
    scenario: 'pid/unshare-pid-without-fork',
    intro:
      'unshare(CLONE_NEWPID) does not move the caller into a new pid namespace: it only decides where the caller\'s next children go. Here `sh` plays a shell that ran `unshare --pid` without `--fork`.',
    notes: [
      'init clones sh, the shell that will run `unshare --pid` (pid 2).',
      'sh calls unshare(CLONE_NEWPID): it succeeds, and a new pid namespace exists…',
      '…but sh has not moved: getpid() still says 2.',
      'Its /proc/self/ns/pid is still the old namespace, pid:1.',
      'pid_for_children names the new namespace, but it has no init yet: reading it fails with ENOENT.',
      'The shell runs its first command, ls: a fork, so ls is the first task of the new namespace.',
      'Inside, ls is pid 1: the init (child reaper) of pid:2.',
      'Now pid_for_children can be read: pid:2, the namespace ls started.',
      'ls finishes and exits. It was the namespace\'s init: when a pid namespace\'s init dies, the namespace is over (zap_pid_ns_processes).',
      'The shell\'s next command cannot even be forked: alloc_pid refuses with ENOMEM. This is the "fork: Cannot allocate memory" of `unshare --pid sh`.',
      'With --fork, unshare forks after unsharing, and the child (the shell) becomes pid 1 of the new namespace (here: clone with CLONE_NEWPID).',
      'The shell is pid 1 inside.',
      'Its commands are its children: ls2 is pid 2…',
      '…and when ls2 exits, its parent, the namespace\'s init, lives on…',
      '…so the next command forks fine. That is why `unshare --pid --fork` (or `unshare -pf`) is the usual spelling.',
    ],
  },
  {
    id: 'veth-vanished',
    title: 'Why my veth vanished',
    scenario: 'net/death-by-exit',
    intro:
      'A veth pair is two devices, each in a network namespace. When the last task of a network namespace exits, the kernel dismantles it (cleanup_net), deletes its devices, and a veth takes its peer with it.',
    notes: [
      'init creates a veth pair v0–v1 in its own network namespace.',
      'init clones a into a new network namespace (net:2).',
      'v1 moves into a\'s namespace (`ip link set v1 netns …`): the pair now joins the two namespaces.',
      'init sees only lo and v0 now; v1 lives in net:2.',
      'a, the last task of net:2, exits: nothing holds the namespace any more (no task, no open file, no bind mount), so it is dismantled, and v1 with it.',
      'Deleting one end of a veth deletes the other: v0 is gone from init\'s namespace too. Keep a namespace alive with a bind mount (`ip netns add`) or an open fd if its devices must outlive its tasks.',
    ],
  },
  {
    id: 'setns-needs-an-fd',
    title: 'setns needs an fd',
    scenario: 'core/setns-needs-an-fd',
    intro:
      'setns(2) does not take a pid or a name: it takes a file descriptor that refers to a namespace, such as an open /proc/PID/ns/<type> file (or a pidfd). The file is also what keeps a namespace alive.',
    notes: [
      'init clones a into a new uts namespace (uts:2).',
      'a names its namespace\'s host alpha.',
      'init opens /proc/<a>/ns/uts and keeps the fd as fa: this is what setns will take.',
      'a exits: the last task of uts:2 is gone…',
      '…a no longer exists…',
      '…but the open file still refers to uts:2, and keeps it alive.',
      'setns checks the type: a uts file with nstype CLONE_NEWIPC is EINVAL.',
      'setns(fa, 0 or CLONE_NEWUTS) moves init into uts:2, although no task was left in it.',
      'init now sees the hostname a set.',
      'init closes fa (init itself now keeps uts:2 alive).',
      'Without an open fd there is nothing to pass: EBADF. To enter a namespace later, keep its file open or bind-mount it (`ip netns add`, `unshare --uts=FILE`).',
    ],
  },
  {
    id: 'who-may-write-uid-map',
    title: 'Who may write uid_map',
    scenario: 'user/who-may-write-uid-map',
    intro:
      'A new user namespace starts without any id mapping: its tasks run as the overflow uid 65534. Writing /proc/PID/uid_map defines the mapping, once, and who may write what is strictly limited (new_idmap_permitted).',
    notes: [
      'init clones a into a new user namespace (user:2); a holds every capability there, none over user:1.',
      'From inside, a cannot map two ids: a range needs CAP_SETUID in the parent namespace, user:1.',
      'Nor can it map someone else\'s id: parent uid 1 is not a\'s euid.',
      'It may map exactly one id, its own euid (uid 0 of user:1), here as uid 0.',
      'A map is written once: the second write is EPERM, whoever makes it.',
      'a is now uid 0 in its namespace; its gid is still unmapped (65534): gid_map is written separately (and needs setgroups deny first from inside).',
      'init clones b into another new user namespace (user:3).',
      'init clones u, a task of user:1…',
      '…which drops to uid 1000: no capabilities any more.',
      'u cannot even open b\'s uid_map: the file is mode 0644 and belongs to b\'s owner, root. EACCES comes before any mapping rule.',
      'init holds CAP_SETUID in user:1, the parent of user:3: it may map any range of its ids, here 0–9 of user:3 to 1000–1009.',
      'The map does not change the credentials b had from the start: it was cloned as root (uid 0 of user:1), which user:3 does not map, so b still shows 65534.',
      'Read from user:1, b\'s map is the line init wrote.',
    ],
  },
];

/** The lesson named `id`, or undefined. */
export function lessonById(id: string): Lesson | undefined {
  return LESSONS.find((l) => l.id === id);
}
