@title: after setuid the task is not dumpable: its map files belong to root and it cannot write them
@needs: user
# U2.1 (fs/proc/base.c task_dump_owner), commit_creds and suid_dumpable 0
init: clone a -              => 2
a: setuid 1000               => ok
a: id                        => uid=1000 gid=0
a: caps                      => 0000000000000000
a: unshare user              => ok
a: caps                      => 000001ffffffffff
a: uid_map a "0 1000 1"      => EACCES   # /proc/a/uid_map is owned by root, who has no mapping in a's namespace
a: setgroups a deny          => EACCES
init: uid_map a "0 1000 1"   => ok       # root may write it (CAP_SETUID over user:1)
a: id                        => uid=0 gid=65534
