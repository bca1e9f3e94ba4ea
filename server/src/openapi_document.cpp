// The OpenAPI 3 description of the routes; tests check that every route and status served is described here.
#include "server_impl.h"

namespace dinolens::server {
namespace {

constexpr const char* kDocument = R"json({
  "openapi": "3.0.3",
  "info": {"title": "DinoLens inference server", "version": "1.0.0",
           "description": "Brain-tumour segmentation of MRI slices and DICOM series with DINOv2/DINOv3 backbones."},
  "components": {
    "securitySchemes": {"bearer": {"type": "http", "scheme": "bearer",
                                   "description": "Only when the server was started with --token-file."}},
    "schemas": {
      "Error": {"type": "object", "required": ["error"], "properties": {"error": {"type": "object",
        "required": ["status", "code", "message"], "properties": {"status": {"type": "integer"},
        "code": {"type": "string", "example": "unavailable"}, "message": {"type": "string"}}}}},
      "Point": {"type": "array", "items": {"type": "integer"}, "minItems": 2, "maxItems": 2,
                "description": "x (column), y (row) in pixels"},
      "ClassResult": {"type": "object", "properties": {
        "id": {"type": "integer", "enum": [1, 2, 3]}, "name": {"type": "string"},
        "area_px": {"type": "integer"}, "area_mm2": {"type": "number", "nullable": true,
          "description": "null unless the source states its pixel spacing (DICOM)"},
        "confidence": {"type": "number", "description": "mean softmax probability over the class's pixels"},
        "mask_png": {"type": "string", "format": "byte", "description": "base64 PNG, 255 inside the class"},
        "contours": {"type": "array", "items": {"type": "array", "items": {"$ref": "#/components/schemas/Point"}}}}},
      "SegmentResult": {"type": "object", "properties": {
        "model": {"type": "string"}, "width": {"type": "integer"}, "height": {"type": "integer"},
        "spacing_mm": {"type": "array", "items": {"type": "number"}, "nullable": true},
        "label_png": {"type": "string", "format": "byte", "description": "base64 PNG of class ids 0..3"},
        "tumor_class": {"type": "string"}, "confidence": {"type": "number"},
        "tumour_present": {"type": "boolean", "description": "the score reached the model's calibrated threshold; when false every class is empty"},
        "tumour_probability": {"type": "number", "description": "tumour score 0-1: the per-pixel tumour probability reached by a minimal lesion area"},
        "classes": {"type": "array", "items": {"$ref": "#/components/schemas/ClassResult"}},
        "feature_maps": {"type": "object", "properties": {"grid": {"type": "array", "items": {"type": "integer"}},
          "pca_png": {"type": "string", "format": "byte"}, "similarity_png": {"type": "string", "format": "byte"},
          "similarity_query": {"type": "array", "items": {"type": "integer"}}}},
        "elapsed_ms": {"type": "number"}}},
      "SeriesResult": {"type": "object", "properties": {
        "model": {"type": "string"}, "dims": {"type": "array", "items": {"type": "integer"}},
        "spacing_mm": {"type": "array", "items": {"type": "number"}},
        "mask_nifti_gz": {"type": "string", "format": "byte", "description": "base64 .nii.gz, uint8 class ids"},
        "classes": {"type": "array", "items": {"type": "object", "properties": {"id": {"type": "integer"},
          "name": {"type": "string"}, "voxels": {"type": "integer"}, "volume_mm3": {"type": "number"},
          "volume_ml": {"type": "number"}, "confidence": {"type": "number"}}}},
        "tumour_present": {"type": "boolean", "description": "a tumour was found in at least one slice"},
        "tumour_probability": {"type": "number", "description": "the largest slice's tumour score, 0-1"},
        "planes": {"type": "string", "enum": ["acquired", "three"], "description": "the planes the answer comes from"},
        "elapsed_ms": {"type": "number"}}},
      "PacsSeriesResult": {"allOf": [{"$ref": "#/components/schemas/SeriesResult"}, {"type": "object", "properties": {
        "node": {"type": "string"}, "study_uid": {"type": "string"}, "series_uid": {"type": "string"},
        "sent": {"type": "object", "description": "with send_back: the DICOM SEG stored into the study",
          "properties": {"node": {"type": "string"}, "method": {"type": "string", "enum": ["STOW-RS", "C-STORE"]},
            "series_uid": {"type": "string"}, "sop_instance_uids": {"type": "array", "items": {"type": "string"}},
            "failures": {"type": "array", "items": {"type": "object"}},
            "skipped": {"type": "string", "description": "why nothing was sent (no tumour found)"},
            "error": {"type": "object", "description": "why the store failed"}}}}}]}
    },
    "responses": {
      "Error": {"description": "Error", "content": {"application/json": {"schema": {"$ref": "#/components/schemas/Error"}}}},
      "Unavailable": {"description": "Queue full, model loading or shutting down", "headers": {"Retry-After":
        {"schema": {"type": "integer"}}}, "content": {"application/json": {"schema": {"$ref": "#/components/schemas/Error"}}}}
    },
    "parameters": {
      "model": {"name": "model", "in": "query", "required": false, "schema": {"type": "string"},
                "description": "Model id from /v1/models; default: the first model"}
    }
  },
  "security": [{"bearer": []}],
  "paths": {
    "/v1/health": {"get": {"summary": "Liveness", "security": [],
      "responses": {"200": {"description": "The process serves requests"}}}},
    "/v1/health/ready": {"get": {"summary": "Readiness: every model loaded", "security": [],
      "responses": {"200": {"description": "Ready"}, "503": {"$ref": "#/components/responses/Unavailable"}}}},
    "/v1/models": {"get": {"summary": "Models available and loaded",
      "responses": {"200": {"description": "Models"}, "401": {"$ref": "#/components/responses/Error"}}}},
    "/v1/segment": {"post": {"summary": "Segment one image",
      "parameters": [{"$ref": "#/components/parameters/model"},
        {"name": "features", "in": "query", "schema": {"type": "boolean"}, "description": "add PCA and similarity maps"},
        {"name": "row", "in": "query", "schema": {"type": "integer"}, "description": "similarity query patch row"},
        {"name": "col", "in": "query", "schema": {"type": "integer"}, "description": "similarity query patch column"}],
      "requestBody": {"required": true, "content": {
        "image/png": {"schema": {"type": "string", "format": "binary"}},
        "image/jpeg": {"schema": {"type": "string", "format": "binary"}},
        "application/dicom": {"schema": {"type": "string", "format": "binary"}},
        "multipart/form-data": {"schema": {"type": "object", "properties": {
          "image": {"type": "string", "format": "binary"}, "model": {"type": "string"}}}}}},
      "responses": {
        "200": {"description": "Segmentation", "content": {"application/json": {"schema": {"$ref": "#/components/schemas/SegmentResult"}}}},
        "400": {"$ref": "#/components/responses/Error"}, "401": {"$ref": "#/components/responses/Error"},
        "404": {"$ref": "#/components/responses/Error"}, "408": {"$ref": "#/components/responses/Error"},
        "411": {"$ref": "#/components/responses/Error"}, "413": {"$ref": "#/components/responses/Error"},
        "415": {"$ref": "#/components/responses/Error"}, "422": {"$ref": "#/components/responses/Error"},
        "503": {"$ref": "#/components/responses/Unavailable"}, "504": {"$ref": "#/components/responses/Error"}}}},
    "/v1/segment/series": {"post": {"summary": "Segment a DICOM series (one multipart part per instance)",
      "parameters": [{"$ref": "#/components/parameters/model"},
        {"name": "planes", "in": "query", "required": false,
         "schema": {"type": "string", "enum": ["auto", "acquired", "three"], "default": "auto"},
         "description": "auto: a volume with near-cubic voxels and at least 32 voxels along every axis is segmented in its three planes and fused per voxel (two planes must agree), others in the acquired plane; acquired; three: fused whenever the volume allows"}],
      "requestBody": {"required": true, "content": {"multipart/form-data": {"schema": {"type": "object",
        "properties": {"files": {"type": "array", "items": {"type": "string", "format": "binary"}},
                       "model": {"type": "string"}}}}}},
      "responses": {
        "200": {"description": "Volume mask", "content": {"application/json": {"schema": {"$ref": "#/components/schemas/SeriesResult"}}}},
        "400": {"$ref": "#/components/responses/Error"}, "401": {"$ref": "#/components/responses/Error"},
        "404": {"$ref": "#/components/responses/Error"}, "408": {"$ref": "#/components/responses/Error"},
        "411": {"$ref": "#/components/responses/Error"}, "413": {"$ref": "#/components/responses/Error"},
        "415": {"$ref": "#/components/responses/Error"}, "503": {"$ref": "#/components/responses/Unavailable"},
        "504": {"$ref": "#/components/responses/Error"}}}},
    "/v1/segment/pacs": {"post": {"summary": "Retrieve a series from a configured PACS node, segment it, optionally store the DICOM SEG back",
      "description": "The node is named, never given as an address: only the nodes of the server's --pacs-nodes file can be reached.",
      "parameters": [{"$ref": "#/components/parameters/model"}],
      "requestBody": {"required": true, "content": {"application/json": {"schema": {"type": "object",
        "required": ["node", "study_uid", "series_uid"],
        "properties": {"node": {"type": "string"}, "study_uid": {"type": "string"}, "series_uid": {"type": "string"},
                       "send_back": {"type": "boolean", "default": false}}}}}},
      "responses": {
        "200": {"description": "Volume mask, plus what was sent back", "content": {"application/json": {"schema": {"$ref": "#/components/schemas/PacsSeriesResult"}}}},
        "400": {"$ref": "#/components/responses/Error"}, "401": {"$ref": "#/components/responses/Error"},
        "404": {"$ref": "#/components/responses/Error"}, "408": {"$ref": "#/components/responses/Error"},
        "413": {"$ref": "#/components/responses/Error"}, "415": {"$ref": "#/components/responses/Error"},
        "502": {"$ref": "#/components/responses/Error"}, "503": {"$ref": "#/components/responses/Unavailable"},
        "504": {"$ref": "#/components/responses/Error"}}}},
    "/openapi.json": {"get": {"summary": "This document", "security": [], "responses": {"200": {"description": "OpenAPI 3"}}}},
    "/metrics": {"get": {"summary": "Prometheus metrics", "responses": {"200": {"description": "text/plain; version=0.0.4",
      "content": {"text/plain": {"schema": {"type": "string"}}}}, "401": {"$ref": "#/components/responses/Error"}}}}
  }
})json";

} // namespace

std::string openApiDocument()
{
    return kDocument;
}

} // namespace dinolens::server
