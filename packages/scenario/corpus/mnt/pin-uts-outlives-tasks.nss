@title: a uts namespace pinned by a bind mount outlives its last task and can be entered by path
# M8.1: a bind mount of an nsfs file keeps the namespace alive
@needs: uts,mnt
init: clone a uts                    => 2
a: sethostname alpha                 => ok
init: pin a uts /tmp/nss/u           => ok
init: nspath /tmp/nss/u              => uts:2
a: exit                              => ok
init: nspath /tmp/nss/u              => uts:2
init: clone b -                      => 3
b: setns-path /tmp/nss/u uts         => ok
b: ns uts                            => uts:2
b: hostname                          => alpha
