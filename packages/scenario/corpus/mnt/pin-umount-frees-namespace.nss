@title: unmounting the last pin of a user namespace frees it: the namespace count drops back
# M8.1, L1.5, M10.8: the pin was the namespace's last reference; umount drops it (freed a moment later on Linux)
@needs: user,mnt
init: clone a user,mnt               => 2
init: uid_map a "0 0 1"              => ok
init: gid_map a "0 0 1"              => ok
a: sysctl user.max_user_namespaces 1 => ok
a: clone b user                      => 3
a: pin b user /tmp/nss/u             => ok
b: exit                              => ok
a: nspath /tmp/nss/u                 => user:2
a: clone c user                      => ENOSPC   # b's namespace lives on in the pin
a: umount /tmp/nss/u                 => ok
a: clone c user                      => 4
a: nspath /tmp/nss/u                 => EINVAL
