@title: unshare(CLONE_NEWCGROUP) leaves the task in its cgroup, which becomes the new namespace's root
# X2.1, X2.4, X2.2
@needs: cgroup
init: cgroup-mkdir /a          => ok
init: clone t -                => 2
init: cgroup-move t /a         => ok
t: cgroup-of t                 => /a
t: ns cgroup                   => cgroup:1
t: unshare cgroup              => ok
t: ns cgroup                   => cgroup:2
t: cgroup-of t                 => /       # its own cgroup is its namespace's root
init: cgroup-of t              => /a      # still there: the membership did not change
init: cgroup-procs /a          => 2
init: cgroup-procs /           => 1
