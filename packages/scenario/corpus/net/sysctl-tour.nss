@title: net sysctls are per namespace: a new namespace starts from the defaults; writes need root of the namespace's owner; values are range-checked
@needs: net
# T1.4, T9.1, T9.2 (docs/net-namespaces.md, "Sysctls")
# The rules of the errors it shows: T9.1, T9.2.
init: sysctl net.ipv4.ip_forward 1   => ok
init: clone a net                    => 2
a: sysctl net.ipv4.ip_forward        => 0
a: sysctl net.core.somaxconn         => 4096
a: sysctl net.core.somaxconn 128     => ok
init: sysctl net.core.somaxconn      => 4096
init: clone n -                      => 3
n: setuid 1000                       => ok
n: sysctl net.core.somaxconn 5       => EACCES
init: sysctl net.core.somaxconn -1   => EINVAL
