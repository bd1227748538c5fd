@title: a file can be bind-mounted onto a file, not onto a directory
# M8.1, M9.4: bind mounts of single files (how namespace files are pinned); a file and a directory do not mix (ENOTDIR)
@needs: mnt
init: touch /tmp/nss/src             => ok
init: touch /tmp/nss/dst             => ok
init: mkdir /tmp/nss/dir             => ok
init: mount bind /tmp/nss/src /tmp/nss/dst  => ok
init: mounted /tmp/nss/dst           => yes
init: mounted /tmp/nss/src           => no
init: mounts /tmp/nss/dst            => /tmp/nss/dst
init: mount bind /tmp/nss/src /tmp/nss/dir  => ENOTDIR
init: mount bind /tmp/nss/dir /tmp/nss/src  => ENOTDIR
init: umount /tmp/nss/dst            => ok
init: mounted /tmp/nss/dst           => no
