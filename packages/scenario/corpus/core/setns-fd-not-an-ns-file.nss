@title: setns refuses an open file that is not an ns file (a socket, a cgroup directory, a plain file): EINVAL
# N8.1: proc_ns_fget (fs/nsfs.c): a file whose f_op is not ns_file_operations is EINVAL, whatever nstype asks for.
# (setns-fd without a type first asks the file its type, NS_GET_NSTYPE: ENOTTY on a socket, N4.1.)
@needs: net, uts, cgroup
init: bind tcp 80 s                    => ok
init: setns-fd s net                   => EINVAL
init: setns-fd s any                   => EINVAL
init: setns-fd s uts                   => EINVAL
init: setns-fd s                       => ENOTTY
init: cgroup-open / cg                 => ok
init: setns-fd cg cgroup               => EINVAL
init: setns-fd cg any                  => EINVAL
init: touch /tmp/nss/f                 => ok
init: setns-path /tmp/nss/f net        => EINVAL
init: setns-path /tmp/nss/f any        => EINVAL
init: ns net                           => net:1     # nothing changed
