@title: CLONE_INTO_CGROUP with the fd of a cgroup that was removed fails with ENOENT and makes no task
# X2.21: cgroup_css_set_fork -> css_tryget_online_from_dir (kernel/cgroup/cgroup.c): the removed cgroup's css is no
# longer online: ENOENT. A new cgroup of the same name is another cgroup.
# X2.9: mkdir through the fd is ENOENT too.
@needs: cgroup
init: cgroup-mkdir /a               => ok
init: cgroup-open /a fa             => ok
init: clone-into-fd c - fa          => 2
c: exit                             => ok
init: cgroup-rmdir /a               => ok
init: clone-into-fd k - fa          => ENOENT
init: alive k                       => no
init: cgroup-mkdirat fa b           => ENOENT
init: cgroup-mkdir /a               => ok
init: clone-into-fd k - fa          => ENOENT   # the fd still names the removed cgroup
init: clone-into k - /a             => 5        # the new one, by its path (the failed clones took pids 3 and 4)
init: cgroup-of k                   => /a
