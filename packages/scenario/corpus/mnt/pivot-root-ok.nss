@title: pivot_root in a private child mount namespace: the new root is a mount, the old one goes below it
# M7.7, M10.1: the old root is moved under put_old; a lazy unmount of it leaves only the new tree
@needs: mnt
init: clone a mnt                    => 2
a: mkdir /tmp/nss/r                  => ok
a: mount tmpfs /tmp/nss/r            => ok
a: mkdir /tmp/nss/r/old              => ok
a: pivot-root /tmp/nss/r /tmp/nss/r/old  => ok
a: exists /tmp/nss                   => no
a: mounts /old/tmp/nss               => /old/tmp/nss   # r is / now
a: mounted /tmp/nss/r                => ENOENT
init: mounted /tmp/nss/r             => no     # init's namespace is untouched
