@title: clone3 with CLONE_INTO_CGROUP starts the child in the named cgroup; a missing cgroup fails the clone
# X2.22: cgroup_css_set_fork / cgroup_may_write: u has no write access to /a's cgroup.procs (EACCES)
# X2.19, X2.25, X2.15
@needs: cgroup
init: cgroup-mkdir /a          => ok
init: clone-into c - /a        => 2
init: cgroup-of c              => /a
init: cgroup-procs /a          => 2
init: cgroup-of init           => /
c: clone d -                   => 3
init: cgroup-of d              => /a
init: clone-into e - /nope     => ENOENT
init: alive e                  => no
init: clone u -                => 4
u: setuid 1000                 => ok
u: clone-into f - /a           => EACCES  # no write access to /a's cgroup.procs
