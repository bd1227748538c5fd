@title: nspath of a file that is not a namespace file gives EINVAL, of a missing file ENOENT
# M10.8, M10.1: only an nsfs file names a namespace (docs/scenario-format.md, the nspath op)
@needs: mnt
init: touch /tmp/nss/plain           => ok
init: nspath /tmp/nss/plain          => EINVAL
init: nspath /tmp/nss                => EINVAL
init: nspath /tmp/nss/none           => ENOENT
init: setns-path /tmp/nss/plain      => EINVAL
init: setns-path /tmp/nss/none       => ENOENT
