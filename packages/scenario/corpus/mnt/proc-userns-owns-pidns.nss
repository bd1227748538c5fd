@title: root of a new user namespace may mount proc for a pid namespace that user namespace owns
# P5.4, M3.7: the pid namespace's owner is the mounter's user namespace
@needs: user,pid,mnt
init: clone a user,pid,mnt           => 2
init: uid_map a "0 0 1"              => ok
init: gid_map a "0 0 1"              => ok
a: mkdir /tmp/nss/p                  => ok
a: mount proc /tmp/nss/p             => ok
a: pids /tmp/nss/p                   => 1
a: nspid /tmp/nss/p/self             => 1
