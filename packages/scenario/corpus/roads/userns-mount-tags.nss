@title: the first user namespace: mounts belong to the user namespace that made them, unless mounted shared-ns
# U9.1, M11.1, M11.2: road userns-2007, the model only; the real backend skips
# this file. As in Serge Hallyn's test program of 2007, a process chroots
# into a shared-ns bind (MS_SHARE_NS) before making a user namespace: without
# one, a task of the new namespace could use no file at all. Through the
# shared-ns bind it can; through a tmpfs the initial namespace mounted it
# cannot (EACCES), nor bind it elsewhere or copy the mount namespace (EPERM).
@road: userns-2007
@needs: user,mnt
# The rules of the errors it shows: M11.1, M11.2.
init: mkdir /tmp/nss/box         => ok
init: mount-share-ns /tmp/nss /tmp/nss/box => ok
init: mkdir /tmp/nss/tmp         => ok
init: mkdir /tmp/nss/tmp/nss     => ok
init: mkdir /tmp/nss/tmp/nss/private => ok
init: mount tmpfs /tmp/nss/box/tmp/nss/private => ok
init: clone p -                  => 2
p: chroot /tmp/nss/box           => ok
p: clone u user                  => 3
u: ns user                       => user:2
p: ns user                       => user:1
u: mkdir /tmp/nss/mine           => ok
u: mkdir /tmp/nss/private/x      => EACCES
p: mkdir /tmp/nss/private/x      => ok
u: mount bind /tmp/nss/private /tmp/nss/mine => EPERM
u: unshare mnt                   => EPERM
u: mount tmpfs /tmp/nss/mine     => ok
u: mkdir /tmp/nss/mine/y         => ok
u: users                         => 0:1
