@title: unshare --pid without --fork: the caller stays where it is, its first child is the new namespace's init, and once that child exits no fork succeeds
@needs: pid
# P2.3, P2.4, P3.9 (unshare(1) without --fork; LTP unshare05.c): what `unshare --pid sh` does. The shell sh
# unshares, but only its children go to the new namespace; its first command becomes pid 1 there, and when it
# exits, zap_pid_ns_processes leaves the namespace without a reaper: alloc_pid fails every later fork with ENOMEM.
# The rules of the errors it shows: N2.4, F1.15.
init: clone sh -                 => 2
sh: unshare pid                  => ok
sh: getpid                       => 2       # not moved: getpid is unchanged
sh: ns pid                       => pid:1
sh: ns pid_for_children          => ENOENT  # the new namespace has no init yet
sh: clone ls -                   => 3       # the shell's first command
ls: getpid                       => 1       # is pid 1, the init of pid:2
sh: ns pid_for_children          => pid:2
ls: exit                         => ok      # the command ends: the namespace's init is gone
sh: clone date -                 => ENOMEM  # the next command cannot even be forked
init: clone fixed pid            => 5       # with --fork: unshare forks first, and the child (the shell) is pid 1
fixed: getpid                    => 1
fixed: clone ls2 -               => 2       # its commands are children of pid 1, which lives on
ls2: exit                        => ok
fixed: clone date2 -             => 3
