@title: a cgroup name may not contain a newline (it would make /proc/<pid>/cgroup unparsable); other characters are fine
# X2.10: cgroup_mkdir (kernel/cgroup/cgroup.c): strchr(name, '\n') is EINVAL.
# In cgroup-mkdirat's name a ';' stands for a newline (as in the map writes).
@needs: cgroup
init: cgroup-open / root            => ok
init: cgroup-mkdirat root "a;b"     => EINVAL
init: cgroup-mkdirat root "a;"      => EINVAL
init: cgroup-mkdirat root ";"       => EINVAL
init: cgroup-mkdirat root "a b"     => ok       # a blank is no newline
init: cgroup-mkdirat root A.B       => ok
init: cgroup-mkdir /a               => ok
init: cgroup-open /a fa             => ok
init: cgroup-mkdirat fa "x;y"       => EINVAL
init: cgroup-mkdirat fa x           => ok
init: cgroup-mkdirat fa cgroup.procs => EEXIST   # X2.7: the name of one of the directory's files
init: cgroup-mkdirat fa cgroup.foo  => ok
init: cgroup-procs /a/x             => -
