from nginx:1.27-alpine
copy public/ /usr/share/nginx/html/
copy ["conf/my site.conf", "/etc/nginx/conf.d/default.conf"]
expose 80
stopsignal SIGQUIT
cmd ["nginx", "-g", "daemon off;"]
