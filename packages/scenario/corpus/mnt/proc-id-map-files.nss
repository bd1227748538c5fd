@title: a procfs mounted in a child user and pid namespace shows the id map files of its processes, as the reader sees them
# P5.2, M10.5, M10.1
@needs: mnt,pid,user
init: mkdir /tmp/nss/p                   => ok
init: clone a user,pid,mnt               => 2
init: uid_map a "0 0 1;1 100000 10"      => ok
a: mount proc /tmp/nss/p                 => ok
a: cat /tmp/nss/p/1/uid_map              => 0 0 1;1 100000 10
a: cat /tmp/nss/p/self/uid_map           => 0 0 1;1 100000 10
a: cat /tmp/nss/p/1/gid_map              => -
a: cat /tmp/nss/p/1/setgroups            => allow
a: cat /tmp/nss/p                        => EISDIR
a: cat /tmp/nss/p/2/uid_map              => ENOENT
a: touch /tmp/nss/f                      => ok
a: cat /tmp/nss/f                        => -
