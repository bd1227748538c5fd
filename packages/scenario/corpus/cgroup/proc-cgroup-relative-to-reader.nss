@title: /proc/<pid>/cgroup is relative to the reader's cgroup namespace root, with /.. for a cgroup outside it
# X2.2
@needs: cgroup
init: cgroup-mkdir /a          => ok
init: cgroup-mkdir /a/x        => ok
init: cgroup-mkdir /b          => ok
init: clone r -                => 2
init: cgroup-move r /a/x       => ok
r: unshare cgroup              => ok
init: clone s -                => 3
init: cgroup-move s /b         => ok
r: cgroup-of s                 => /../../b
r: cgroup-of init              => /../..
r: cgroup-of r                 => /
s: cgroup-of r                 => /a/x
init: cgroup-of s              => /b
