@title: nothing can be made in a procfs directory: a missing name is ENOENT (procfs's lookup fails), an existing one EEXIST
# M10.1, M10.2 (found by nsproxy fuzz)
@needs: mnt,pid,user
init: mkdir /tmp/nss/p             => ok
init: clone a pid,mnt              => 2
a: mount proc /tmp/nss/p           => ok
a: mkdir /tmp/nss/p/x              => ENOENT
a: touch /tmp/nss/p/x              => ENOENT
a: mkdir /tmp/nss/p/1              => EEXIST
a: mkdir /tmp/nss/p/1/x            => ENOENT
a: clone b user                    => 2
b: mkdir /tmp/nss/p/x              => ENOENT
