@title: a pinned ipc namespace outlives its last task with its objects, and can be entered by path (like ip netns add)
# M8.1, C8.2: a bind mount of an nsfs file keeps the namespace, and what it holds, alive
@needs: ipc,uts,mnt
init: clone a ipc                    => 2
a: shmget 0x4e53 create              => 0
init: pin a ipc /tmp/nss/i           => ok
a: exit                              => ok
init: mounted /tmp/nss/i             => yes
init: nspath /tmp/nss/i              => ipc:2
init: clone b -                      => 3
b: ipcs shm                          => 0
b: setns-path /tmp/nss/i ipc         => ok
b: ns ipc                            => ipc:2
b: ipcs shm                          => 1
b: setns-path /tmp/nss/i uts         => EINVAL   # wrong type
b: setns-path /tmp/nss/i any         => ok
