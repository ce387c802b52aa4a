# The tutorial peer of bench/run.sh, the smallest FastAPI app the API-key tutorials teach: one route, the key in
# the x-api-key header (FastAPI's Header()), compared with one static string. bench/run.sh runs it with Debian's python3 as
#   python3 -m uvicorn app:app --host 127.0.0.1 --port P --workers 1 --no-access-log
from fastapi import FastAPI, Header, HTTPException

API_KEY = "tutorial-static-api-key"

app = FastAPI()


@app.get("/data")
async def data(x_api_key: str = Header()):
    if x_api_key != API_KEY:
        raise HTTPException(status_code=401, detail="Invalid API key")
    return {"data": "secret information"}
