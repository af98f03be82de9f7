FROM jupyter/base-notebook:python-3.11
USER root
RUN apt-get update && apt-get install -y graphviz && rm -rf /var/lib/apt/lists/*
USER ${NB_UID}
RUN pip install --quiet pandas numpy matplotlib 'scikit-learn==1.5.0'
COPY --chmod=0644 notebooks/ /home/jovyan/work/
ENV JUPYTER_ENABLE_LAB=yes
EXPOSE 8888
CMD start-notebook.sh --NotebookApp.token=''
