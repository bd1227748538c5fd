@title: proc mounted in a new pid and mount namespace shows only that namespace's tasks, with its numbers
# P5.2, P5.3: the procfs instance belongs to the mounter's pid namespace
@needs: pid,mnt
init: clone a pid,mnt                => 2
a: mkdir /tmp/nss/p                  => ok
a: mount proc /tmp/nss/p             => ok
a: pids /tmp/nss/p                   => 1
a: readlink /tmp/nss/p/self          => 1
a: nspid /tmp/nss/p/self             => 1
a: clone b -                         => 2
a: pids /tmp/nss/p                   => 1,2
b: readlink /tmp/nss/p/self          => 2
b: nspid /tmp/nss/p/self             => 2
init: clone c -                      => 4
init: mounted /tmp/nss/p             => no    # a's mount namespace only
