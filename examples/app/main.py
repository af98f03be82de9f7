"""A tiny FastAPI app: the machine built from fastapi-agent.template.json serves it on port 8000."""
import os

from fastapi import FastAPI

app = FastAPI()


@app.get("/")
def hello():
    return {"hello": "from a Template Studio machine", "env": os.environ.get("APP_ENV", "unset")}
