@title: the domainname is copied into a new uts namespace and changed independently of the hostname
# Q2.1, Q2.4: every field of struct new_utsname is per namespace
@needs: uts
init: setdomainname d1           => ok
init: sethostname h1             => ok
init: clone a uts                => 2
a: domainname                    => d1
a: setdomainname d2              => ok
a: hostname                      => h1
a: domainname                    => d2
init: domainname                 => d1
init: hostname                   => h1
