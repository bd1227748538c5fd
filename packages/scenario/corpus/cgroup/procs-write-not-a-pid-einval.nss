@title: what is written to cgroup.procs must be a non-negative int, as kstrtoint reads it (hex and octal too); a pid that does not exist is ESRCH
# X2.13: cgroup_procs_write_start (kernel/cgroup/cgroup.c): kstrtoint(strstrip(buf), 0, &pid) < 0 or pid < 0 is EINVAL.
# X2.14: a pid of no task in the writer's pid namespace is ESRCH. 0 is the writer itself.
@needs: cgroup
init: cgroup-mkdir /d                => ok
init: clone w -                      => 2
w: cgroup-write /d abc               => EINVAL
w: cgroup-write /d -1                => EINVAL
w: cgroup-write /d " "               => EINVAL
w: cgroup-write /d "1 2"             => EINVAL
w: cgroup-write /d 2147483648        => EINVAL    # above INT_MAX
w: cgroup-write /d 0x                => EINVAL
w: cgroup-write /d 08                => EINVAL    # octal
w: cgroup-write /d 99                => ESRCH
w: cgroup-write /d ""                => ok        # nothing written
init: cgroup-of w                    => /
w: cgroup-write /d 0x0               => ok        # hex 0: the writer
init: cgroup-of w                    => /d
w: cgroup-write / -0                 => ok
init: cgroup-of w                    => /
w: cgroup-write /d " +0 "            => ok
init: cgroup-of w                    => /d
init: cgroup-write / 0x2             => ok        # w, by its pid in hex
init: cgroup-of w                    => /
init: cgroup-write /d 02             => ok        # and in octal
init: cgroup-of w                    => /d
