@title: the fd of CLONE_INTO_CGROUP must be an open directory of cgroup2: an ns file or a socket is EBADF; an O_PATH or a read-only directory fd will do
# X2.20: cgroup_css_set_fork -> cgroup_get_from_file -> css_tryget_online_from_dir (kernel/cgroup/cgroup.c): a file
# that is no kernfs directory of cgroup2 is EBADF, as is an fd that is not open.
# X2.19: clone-into opens its path O_PATH; clone-into-fd takes a kept fd (cgroup-open: O_RDONLY|O_DIRECTORY).
@needs: cgroup, uts, net
init: cgroup-mkdir /a                => ok
init: open init uts fu               => ok
init: clone-into-fd c - fu           => EBADF
init: bind tcp 80 s                  => ok
init: clone-into-fd c - s            => EBADF
init: clone-into-fd c - nosuch       => EBADF
init: alive c                        => no
init: cgroup-open /a fa              => ok
init: clone-into-fd c - fa           => 4         # the failed clones took pids 2 and 3 (alloc_pid comes before the cgroup's checks)
init: cgroup-of c                    => /a
c: cgroup-mkdirat fa d               => ok        # c holds its copy of the fd
init: clone-into d - /a/d            => 5         # O_PATH
init: cgroup-of d                    => /a/d
init: cgroup-procs /a                => 4
