@title: a net sysctl written in one namespace is not seen in another, whoever owns it
# T1.4, T1.5: net.* sysctls are per namespace; the root of a namespace's owner may write them
@needs: user,net
init: clone a net                    => 2
a: sysctl net.core.somaxconn 100     => ok
a: sysctl net.core.somaxconn         => 100
init: sysctl net.core.somaxconn      => 4096
init: clone b user,net               => 3
b: sysctl net.ipv4.ip_forward 1      => ok
b: sysctl net.ipv4.ip_forward        => 1
b: sysctl net.core.somaxconn         => 4096
init: sysctl net.ipv4.ip_forward     => 0
a: sysctl net.ipv4.ip_forward        => 0
