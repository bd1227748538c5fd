@title: a task joins its sibling's uts namespace, but not across user namespaces
# The example at the end of scenario-format.md.
# I1.1 (setns uts needs CAP_SYS_ADMIN over the target's owner), N2.3 (opening
# another task's ns file needs ptrace read access: EACCES), F2.12.
@needs: user,uts
# The rules of the errors it shows: C8.18.
init: clone a uts            => 2
a: sethostname alpha         => ok
init: clone b -              => 3
b: setns a uts               => ok
b: hostname                  => alpha
b: ns uts                    => uts:2
init: clone c user           => 4
c: setns a uts               => EACCES   # opening a's ns file fails the ptrace check
init: clone d -              => 5
d: open a uts fa             => ok
d: unshare user              => ok
d: setns-fd fa               => EPERM    # no CAP_SYS_ADMIN over a's uts namespace
