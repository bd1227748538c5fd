@title: a mount of cgroup2 shows the mounter's cgroup namespace root; a directory made in it is a cgroup of the run; an existing name there is EEXIST
# X2.3, X2.2, M10.2; found by nsproxy fuzz (seed 20261206): pin on a cgroup2 mount
@needs: mnt,pid,cgroup
init: cgroup-mkdir /a                => ok
init: clone t -                      => 2
init: cgroup-move t /a               => ok
t: unshare cgroup                    => ok
t: mkdir /tmp/nss/m                  => ok
t: mount cgroup2 /tmp/nss/m          => ok
t: mount-root /tmp/nss/m             => /
init: mount-root /tmp/nss/m          => /a
t: mkdir /tmp/nss/m/x                => ok
init: cgroup-procs /a/x              => -
t: cgroup-move t /a/x                => ok
t: cgroup-of t                       => /x
t: exists /tmp/nss/m/x/cgroup.procs  => yes
t: pin t pid_for_children /tmp/nss/m => EEXIST
t: mkdir /tmp/nss/m/x                => EEXIST
