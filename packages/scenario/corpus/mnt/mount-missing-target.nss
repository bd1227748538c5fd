@title: mounting on a path that does not exist fails with ENOENT, and so do mounted and propagation there
# M10.1, M9.2: only existing paths can be mount points or be looked up in mountinfo
@needs: mnt
init: mount tmpfs /tmp/nss/none          => ENOENT
init: mount bind /tmp/nss /tmp/nss/none  => ENOENT
init: mounted /tmp/nss/none              => ENOENT
init: propagation /tmp/nss/none          => ENOENT
init: mount-opts /tmp/nss/none           => ENOENT
init: mkdir /tmp/nss/plain               => ok
init: propagation /tmp/nss/plain         => EINVAL   # a directory, not a mount point
init: mount-opts /tmp/nss/plain          => EINVAL
init: mounts /tmp/nss/none               => -
