@title: without road userns-2007 a user namespace has no table of users (ENOSYS), and MS_SHARE_NS is an ignored bit
# U9.6: only a kernel on road userns-2007 has tables of users; this scenario
# opens no road, so the model answers ENOSYS. M11.1: without the road nothing
# is tagged and nothing refused: a mount-share-ns is a plain bind (Linux 6.18
# discards that bit), and a child user namespace uses any mount. The real
# backend has no op for the table nor for MS_SHARE_NS, so it skips this file.
@needs: user,mnt
# The rules of the errors it shows: U9.6.
init: users                      => ENOSYS
init: mkdir /tmp/nss/a           => ok
init: mkdir /tmp/nss/b           => ok
init: mount tmpfs /tmp/nss/a     => ok
init: mount-share-ns /tmp/nss/a /tmp/nss/b => ok
init: clone u user,mnt           => 2
u: users                         => ENOSYS
u: mkdir /tmp/nss/a/x            => ok
